using System.Text;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Builds command lines from bytes as Marlin's serial reader does: <c>;</c> ends the useful part of a
/// line, backspace erases, and a line is cut at MAX_CMD_SIZE (96, so 95 characters are kept).
/// </summary>
internal sealed class LineAssembler
{
    public const int MaxCommandSize = 96;

    private readonly byte[] _buffer = new byte[MaxCommandSize];
    private int _count;
    private bool _skipping;

    /// <summary>Feeds one byte. Returns true with the line when an end of line completes a non-blank line.</summary>
    public bool Push(byte value, out string line)
    {
        line = string.Empty;
        if (value is (byte)'\n' or (byte)'\r')
        {
            var length = _count;
            _count = 0;
            _skipping = false;
            if (length == 0)
                return false;
            line = Encoding.Latin1.GetString(_buffer, 0, length);
            return line.AsSpan().Trim(' ').Length > 0;
        }
        if (_skipping)
            return false;
        if (value == (byte)';')
        {
            _skipping = true;
            return false;
        }
        if (value == 0x08)
        {
            if (_count > 0)
                _count--;
            return false;
        }
        _buffer[_count++] = value;
        if (_count >= MaxCommandSize - 1)
            _skipping = true;
        return false;
    }

    /// <summary>Forgets the partial line, as Marlin does after a line error.</summary>
    public void Reset()
    {
        _count = 0;
        _skipping = false;
    }
}
