namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Watches bytes as they come off the wire, before the receive ring, the way Marlin's EMERGENCY_PARSER
/// does in the serial interrupt: it sees every byte, even one the full ring then drops.
/// </summary>
internal sealed class EmergencyScanner
{
    private const int KeepBytes = 16;
    private readonly char[] _line = new char[KeepBytes];
    private int _count;

    /// <summary>Feeds one byte; at an end of line, returns the emergency command the line held, if any.</summary>
    public EmergencyCommand Push(byte value)
    {
        if (value is not ((byte)'\n' or (byte)'\r'))
        {
            if (_count < KeepBytes)
                _line[_count++] = (char)value;
            return EmergencyCommand.None;
        }
        var line = _line.AsSpan(0, _count);
        _count = 0;
        return Recognise(line);
    }

    private static EmergencyCommand Recognise(ReadOnlySpan<char> line)
    {
        line = line.TrimStart(' ');
        if (line.Length > 0 && line[0] == 'N')
        {
            var i = 1;
            while (i < line.Length && (char.IsAsciiDigit(line[i]) || line[i] is '-' or ' '))
                i++;
            line = line[i..];
        }
        if (line.StartsWith("M112"))
            return EmergencyCommand.M112;
        if (line.StartsWith("M108"))
            return EmergencyCommand.M108;
        if (line.StartsWith("M410"))
            return EmergencyCommand.M410;
        return EmergencyCommand.None;
    }
}
