namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Heater targets a file sets, in °C: the first non-zero target and the highest. Both are null when
/// the file never sets one.
/// </summary>
public sealed record TemperatureTargets(double? First, double? Max)
{
    public static TemperatureTargets None { get; } = new(null, null);
}
