using System.Text;

namespace PrintFarm.Printing.Protocol;

/// <summary>A job from a list of command strings (manual jobs, scripts and tests).</summary>
public sealed class ListJobSource : IJobSource
{
    private readonly byte[][] _commands;
    private int _next;
    private long _bytesRead;

    public ListJobSource(IEnumerable<string> commands)
    {
        _commands = commands.Select(c => c.Trim()).Where(c => c.Length > 0).Select(Encoding.ASCII.GetBytes).ToArray();
        SourceLength = _commands.Sum(c => (long)c.Length + 1);
    }

    public long SourceBytesRead => _bytesRead;

    public long SourceLength { get; }

    public bool TryReadCommand(out ReadOnlySpan<byte> command, out long sourceLine)
    {
        if (_next >= _commands.Length)
        {
            command = default;
            sourceLine = -1;
            return false;
        }
        command = _commands[_next];
        _bytesRead += command.Length + 1;
        sourceLine = ++_next;
        return true;
    }
}
