namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Checks a line as the firmware's serial reader does. For Marlin (<c>queue.cpp</c>): a line starting with
/// <c>N</c> is checked for its number first (last + 1, except M110), then for its checksum; a line with
/// <c>*</c> but no <c>N</c> is refused; any other line is taken unchecked.
/// </summary>
internal static class LineValidator
{
    public static CheckedLine Check(string line, long lastLine, DialectProfile profile)
    {
        var text = line.TrimStart(' ');
        var star = text.LastIndexOf('*');
        if (text.Length == 0 || text[0] != 'N')
        {
            if (star >= 0 && profile.RejectsChecksumWithoutLineNumber)
                return new CheckedLine(LineCheck.MissingLineNumber, string.Empty, null, null);
            return new CheckedLine(LineCheck.Accepted, StripChecksum(text, star), null, null);
        }

        var isM110 = text.Contains("M110", StringComparison.Ordinal);
        var numberAt = 1;
        if (isM110 && text.Length > 4)
        {
            var second = text.IndexOf('N', 4);
            if (second >= 0)
                numberAt = second + 1;
        }
        var number = StrToL(text, numberAt);
        if (profile.ChecksLineNumbers && !isM110 && number != lastLine + 1)
            return new CheckedLine(LineCheck.LineNumberMismatch, string.Empty, null, null);
        if (profile.ChecksChecksums)
        {
            if (star >= 0)
            {
                if (StrToL(text, star + 1) != Xor(text.AsSpan(0, star)))
                    return new CheckedLine(LineCheck.ChecksumMismatch, string.Empty, null, null);
            }
            else if (profile.RequiresChecksumWithLineNumber)
            {
                return new CheckedLine(LineCheck.MissingChecksum, string.Empty, null, null);
            }
        }
        var numberEnd = 1;
        while (numberEnd < text.Length && (char.IsAsciiDigit(text[numberEnd]) || text[numberEnd] is '-' or '+'))
            numberEnd++;
        var body = star >= numberEnd ? text[numberEnd..star] : text[numberEnd..];
        return new CheckedLine(LineCheck.Accepted, body.Trim(' ', '\t'), number, text[..numberEnd]);
    }

    /// <summary>XOR of the bytes, as the host computes it.</summary>
    public static int Xor(ReadOnlySpan<char> text)
    {
        var checksum = 0;
        foreach (var c in text)
            checksum ^= c & 0xFF;
        return checksum;
    }

    /// <summary>C's <c>strtol(s, nullptr, 10)</c>: leading blanks, a sign, digits; 0 when there are none.</summary>
    public static long StrToL(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] is ' ' or '\t')
            i++;
        var negative = false;
        if (i < text.Length && text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }
        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && value < long.MaxValue / 10 - 10)
            value = value * 10 + (text[i++] - '0');
        return negative ? -value : value;
    }

    private static string StripChecksum(string text, int star) =>
        (star >= 0 ? text[..star] : text).TrimEnd(' ', '\t');
}
