using PrintFarm.Printing.Protocol;

namespace PrintFarm.Wire;

/// <summary>One heater as the API and the agent's state message show it.</summary>
public sealed record TemperatureView(double Actual, double? Target);

/// <summary>Hotend and bed; null until the printer first reports.</summary>
public sealed record TemperaturesView(TemperatureView? Tool0, TemperatureView? Bed)
{
    public static TemperaturesView? From(TemperatureReport? report)
    {
        if (report is null)
            return null;
        return new TemperaturesView(
            report.Tool0 is { } t ? new TemperatureView(t.Actual, t.Target) : null,
            report.Bed is { } b ? new TemperatureView(b.Actual, b.Target) : null);
    }
}
