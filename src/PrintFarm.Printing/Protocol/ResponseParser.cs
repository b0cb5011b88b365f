using System.Globalization;

namespace PrintFarm.Printing.Protocol;

/// <summary>
/// Pure parsing of firmware replies (Marlin, Prusa, Klipper, RepRapFirmware, Smoothieware).
/// Classification never allocates.
/// </summary>
public static class ResponseParser
{
    /// <summary>Says what kind of line this is. Error prefixes other than <c>Error:</c> and <c>!!</c> come from the profile.</summary>
    public static ResponseKind Classify(string line)
    {
        var s = line.AsSpan();
        if (s.StartsWith("ok", StringComparison.Ordinal) && (s.Length == 2 || s[2] == ' ' || s[2] == ':'))
            return ResponseKind.Ok;
        if (IsResend(s))
            return ResponseKind.Resend;
        if (s.StartsWith("Error", StringComparison.OrdinalIgnoreCase) || s.StartsWith("!!", StringComparison.Ordinal))
            return ResponseKind.Error;
        if (s.StartsWith("echo:busy:", StringComparison.Ordinal) || s.StartsWith("busy:", StringComparison.Ordinal))
            return ResponseKind.Busy;
        if (s.SequenceEqual("wait"))
            return ResponseKind.Wait;
        if (TemperatureParser.LooksLikeReport(s))
            return ResponseKind.Temperature;
        if (s.StartsWith("FIRMWARE_NAME", StringComparison.Ordinal))
            return ResponseKind.FirmwareInfo;
        if (s.StartsWith("Cap:", StringComparison.Ordinal))
            return ResponseKind.Capability;
        if (s.SequenceEqual("start"))
            return ResponseKind.Start;
        if (s.StartsWith("echo:", StringComparison.Ordinal))
            return ResponseKind.Echo;
        if (s.StartsWith("//", StringComparison.Ordinal))
            return ResponseKind.Info;
        return ResponseKind.Other;
    }

    private static bool IsResend(ReadOnlySpan<char> s) =>
        s.StartsWith("Resend", StringComparison.OrdinalIgnoreCase)
        || (s.StartsWith("rs", StringComparison.Ordinal) && (s.Length == 2 || s[2] == ' '));

    /// <summary>
    /// Reads the line number of a resend request: <c>Resend: 42</c>, <c>Resend:42</c>, <c>resend 42</c>,
    /// <c>rs N42</c>, <c>rs 42</c>, <c>rs N:42</c>.
    /// </summary>
    public static bool TryParseResend(string line, out long lineNumber)
    {
        lineNumber = -1;
        var s = line.AsSpan();
        if (!IsResend(s))
            return false;
        s = s.StartsWith("rs", StringComparison.Ordinal) ? s[2..] : s[6..];
        s = s.TrimStart(" :");
        if (s.Length > 0 && (s[0] == 'N' || s[0] == 'n'))
            s = s[1..].TrimStart(" :");
        var end = 0;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
            end++;
        return end > 0 && long.TryParse(s[..end], NumberStyles.None, CultureInfo.InvariantCulture, out lineNumber);
    }

    /// <summary>A resend request that names no line (<c>rs</c>, <c>Resend:</c>): the firmware wants the oldest line it has not taken.</summary>
    public static bool IsResendWithoutNumber(string line)
    {
        var s = line.AsSpan();
        if (!IsResend(s))
            return false;
        s = s.StartsWith("rs", StringComparison.Ordinal) ? s[2..] : s[6..];
        return s.Trim(" :\tNn").IsEmpty;
    }

    /// <summary>
    /// Reads ADVANCED_OK fields from <c>ok N&lt;n&gt; P&lt;planner&gt; B&lt;buffer&gt;</c>. Returns false for a
    /// plain <c>ok</c> or an <c>ok</c> that carries something else (a temperature report).
    /// </summary>
    public static bool TryParseAdvancedOk(string line, out long lineNumber, out int plannerFree, out int bufferFree)
    {
        lineNumber = -1;
        plannerFree = -1;
        bufferFree = -1;
        var s = line.AsSpan();
        if (s.Length < 4 || !s.StartsWith("ok ", StringComparison.Ordinal))
            return false;
        s = s[3..];
        var sawN = false;
        foreach (var range in s.Split(' '))
        {
            var token = s[range];
            if (token.Length < 2)
                continue;
            var value = token[1..];
            switch (token[0])
            {
                case 'N' when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n):
                    lineNumber = n;
                    sawN = true;
                    break;
                case 'P' when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p):
                    plannerFree = p;
                    break;
                case 'B' when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b):
                    bufferFree = b;
                    break;
                default:
                    return false;
            }
        }
        return sawN && bufferFree >= 0;
    }

    /// <summary>The text of an error line after its prefix (<c>Error:</c>, <c>Error: </c> or <c>!!</c>).</summary>
    public static string ErrorMessage(string line)
    {
        var s = line.AsSpan();
        if (s.StartsWith("!!", StringComparison.Ordinal))
            return s[2..].Trim().ToString();
        if (s.StartsWith("Error", StringComparison.OrdinalIgnoreCase))
            return s[5..].TrimStart(':').Trim().ToString();
        return line.Trim();
    }
}
