namespace PrintFarm.Printing.Virtual;

/// <summary>Writes each executed command, one a line, to a file and/or a caller's writer.</summary>
internal sealed class CommandLog : IDisposable
{
    private readonly StreamWriter? _file;
    private readonly TextWriter? _writer;
    private bool _dirty;

    public CommandLog(string? path, TextWriter? writer)
    {
        if (!string.IsNullOrEmpty(path))
            _file = new StreamWriter(path, append: false) { NewLine = "\n" };
        _writer = writer;
    }

    public bool IsEnabled => _file is not null || _writer is not null;

    public void Write(string command)
    {
        _file?.WriteLine(command);
        _writer?.WriteLine(command);
        _dirty = true;
    }

    /// <summary>Pushes buffered lines out; cheap when nothing was written since the last flush.</summary>
    public void Flush()
    {
        if (!_dirty)
            return;
        _dirty = false;
        _file?.Flush();
        _writer?.Flush();
    }

    public void Dispose()
    {
        Flush();
        _file?.Dispose();
    }
}
