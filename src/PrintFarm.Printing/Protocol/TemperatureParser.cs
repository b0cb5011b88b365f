using System.Globalization;

namespace PrintFarm.Printing.Protocol;

/// <summary>
/// Parses temperature reports in the dialects of Marlin (<c>T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0</c>),
/// Prusa (extra <c>P:</c> and <c>A:</c>), Klipper (<c>B:60.0 /60.0 T0:210.0 /210.0</c>), RepRapFirmware
/// and Smoothieware (<c>T:21.4 /0.0 @0 B:21.3 /0.0 @0</c>), with or without a leading <c>ok</c>.
/// </summary>
public static class TemperatureParser
{
    /// <summary>A line that is a temperature report on its own (autoreport), not an <c>ok</c>.</summary>
    public static bool LooksLikeReport(ReadOnlySpan<char> line)
    {
        var s = line.TrimStart(' ');
        return (s.StartsWith("T:", StringComparison.Ordinal) || s.StartsWith("T0:", StringComparison.Ordinal)
                || s.StartsWith("B:", StringComparison.Ordinal))
               && s.Contains('/');
    }

    public static bool TryParse(string line, out TemperatureReport report)
    {
        var readings = new List<TemperatureReading>(4);
        var s = line.AsSpan().Trim();
        if (s.StartsWith("ok", StringComparison.Ordinal))
            s = s[2..];
        var hasT0 = s.Contains("T0:", StringComparison.Ordinal);
        var tokens = s.Split(' ');
        string? pendingSensor = null;
        double pendingActual = 0;
        foreach (var range in tokens)
        {
            var token = s[range];
            if (token.IsEmpty)
                continue;
            if (token[0] == '/' && pendingSensor is not null)
            {
                var target = TryNumber(token[1..]);
                readings.Add(new TemperatureReading(pendingSensor, pendingActual, target));
                pendingSensor = null;
                continue;
            }
            Flush(readings, ref pendingSensor, pendingActual);
            var colon = token.IndexOf(':');
            if (colon <= 0)
                continue;
            var sensor = SensorName(token[..colon], hasT0);
            if (sensor is null)
                continue;
            var valueText = token[(colon + 1)..];
            var slash = valueText.IndexOf('/');
            if (slash > 0)
            {
                var actual = TryNumber(valueText[..slash]);
                if (actual is not null)
                    readings.Add(new TemperatureReading(sensor, actual.Value, TryNumber(valueText[(slash + 1)..])));
                continue;
            }
            var value = TryNumber(valueText);
            if (value is not null)
            {
                pendingSensor = sensor;
                pendingActual = value.Value;
            }
        }
        Flush(readings, ref pendingSensor, pendingActual);
        report = new TemperatureReport(readings);
        return readings.Count > 0;
    }

    private static void Flush(List<TemperatureReading> readings, ref string? pendingSensor, double pendingActual)
    {
        if (pendingSensor is null)
            return;
        readings.Add(new TemperatureReading(pendingSensor, pendingActual, null));
        pendingSensor = null;
    }

    private static string? SensorName(ReadOnlySpan<char> key, bool hasT0) => key switch
    {
        "T" => hasT0 ? null : "tool0",
        "B" => "bed",
        "C" => "chamber",
        "P" => "probe",
        "A" => "ambient",
        _ when key.Length >= 2 && key[0] == 'T' && int.TryParse(key[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) => "tool" + i.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static double? TryNumber(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
