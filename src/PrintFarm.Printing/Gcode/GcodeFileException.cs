namespace PrintFarm.Printing.Gcode;

/// <summary>
/// A G-code file cannot be used: it is missing, unreadable, not text, or has a line too long to
/// be a command. The message is one line and names the file and, where known, the line.
/// </summary>
public sealed class GcodeFileException : IOException
{
    public GcodeFileException()
        : this("G-code file", "cannot be read")
    {
    }

    public GcodeFileException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    public GcodeFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
    }

    /// <summary>An error about the file as a whole: <c>{file}: {reason}</c>.</summary>
    public GcodeFileException(string fileName, string reason, Exception? innerException = null)
        : base($"{fileName}: {OneLine(reason)}", innerException)
    {
        FileName = fileName;
    }

    /// <summary>An error at one line: <c>{file}: line {line}: {reason}</c>.</summary>
    public GcodeFileException(string fileName, long line, string reason, Exception? innerException = null)
        : base($"{fileName}: line {line}: {OneLine(reason)}", innerException)
    {
        FileName = fileName;
        Line = line;
    }

    /// <summary>The file (or stream name) the error is about.</summary>
    public string FileName { get; }

    /// <summary>The 1-based source line, or 0 when the error is not about one line.</summary>
    public long Line { get; }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
