using System.Buffers.Text;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Marlin-style line framing: <c>N&lt;n&gt; &lt;cmd&gt;*&lt;cs&gt;</c>, where <c>cs</c> is the XOR of every
/// byte before the <c>*</c>, written in decimal. Pure and allocation-free on the byte path.
/// </summary>
public static class LineFraming
{
    /// <summary>Longest framed line we ever produce (MAX_CMD_SIZE is 96 in Marlin, plus N, * and checksum).</summary>
    public const int MaxFramedLength = 128;

    /// <summary>XOR of all bytes.</summary>
    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        byte cs = 0;
        foreach (var b in bytes)
            cs ^= b;
        return cs;
    }

    /// <summary>
    /// Writes <c>N{lineNumber} {command}*{checksum}\n</c> into <paramref name="destination"/> and
    /// returns the number of bytes written. The command must already be stripped of comments and
    /// surrounding white space.
    /// </summary>
    public static int Frame(long lineNumber, ReadOnlySpan<byte> command, Span<byte> destination)
    {
        destination[0] = (byte)'N';
        if (!Utf8Formatter.TryFormat(lineNumber, destination[1..], out var numberLength))
            throw new ArgumentException("Destination too small for the line number.", nameof(destination));
        var pos = 1 + numberLength;
        destination[pos++] = (byte)' ';
        command.CopyTo(destination[pos..]);
        pos += command.Length;
        var cs = Checksum(destination[..pos]);
        destination[pos++] = (byte)'*';
        Utf8Formatter.TryFormat(cs, destination[pos..], out var csLength);
        pos += csLength;
        destination[pos++] = (byte)'\n';
        return pos;
    }

    /// <summary>String form of <see cref="Frame(long, ReadOnlySpan{byte}, Span{byte})"/>, without the newline.</summary>
    public static string Frame(long lineNumber, string command)
    {
        Span<byte> buffer = stackalloc byte[MaxFramedLength + 32];
        var cmd = System.Text.Encoding.ASCII.GetBytes(command);
        var n = Frame(lineNumber, cmd, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..(n - 1)]);
    }

    /// <summary>
    /// Parses a framed line (without newline). Returns false when the line has no <c>N</c>, no
    /// <c>*</c>, or a checksum that does not match.
    /// </summary>
    public static bool TryUnframe(ReadOnlySpan<byte> line, out long lineNumber, out ReadOnlySpan<byte> command)
    {
        lineNumber = 0;
        command = default;
        if (line.Length < 4 || line[0] != (byte)'N')
            return false;
        var star = line.LastIndexOf((byte)'*');
        if (star < 0)
            return false;
        if (!Utf8Parser.TryParse(line[(star + 1)..], out byte cs, out var csLen) || csLen != line.Length - star - 1)
            return false;
        if (Checksum(line[..star]) != cs)
            return false;
        if (!Utf8Parser.TryParse(line[1..], out lineNumber, out var numLen))
            return false;
        var rest = line[(1 + numLen)..star];
        command = rest.TrimStart((byte)' ');
        return true;
    }
}
