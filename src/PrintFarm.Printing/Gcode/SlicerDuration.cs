namespace PrintFarm.Printing.Gcode;

/// <summary>Parses the durations slicers write in comments: <c>1d 2h 3m 4s</c>, <c>1 hours 2 minutes</c>.</summary>
public static class SlicerDuration
{
    /// <summary>
    /// Reads a duration written as number and unit pairs: <c>1d 2h 3m 4s</c>, <c>25m 16s</c>,
    /// <c>1 hours 2 minutes</c>. Units: d, day(s), h, hour(s), m, min(s), minute(s), s, sec(s), second(s).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out TimeSpan duration)
    {
        duration = default;
        double seconds = 0;
        var pairs = 0;
        text = GcodeComments.Trim(text);
        while (!text.IsEmpty)
        {
            if (!GcodeNumber.TryParse(text, out var value, out var consumed) || value < 0)
                return false;
            text = text[consumed..].TrimStart((byte)' ');
            var unitLength = 0;
            while (unitLength < text.Length && GcodeWords.IsLetter(text[unitLength]))
                unitLength++;
            var factor = UnitSeconds(text[..unitLength]);
            if (factor == 0)
                return false;
            seconds += value * factor;
            pairs++;
            text = text[unitLength..].TrimStart(", "u8);
        }
        if (pairs == 0)
            return false;
        duration = TimeSpan.FromSeconds(Math.Round(seconds));
        return true;
    }

    private static int UnitSeconds(ReadOnlySpan<byte> unit) => unit.Length == 0 ? 0 : (unit[0] | 0x20) switch
    {
        (byte)'d' => 86_400,
        (byte)'h' => 3_600,
        (byte)'m' => 60,
        (byte)'s' => 1,
        _ => 0,
    };
}
