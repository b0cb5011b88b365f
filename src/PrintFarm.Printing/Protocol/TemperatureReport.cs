namespace PrintFarm.Printing.Protocol;

/// <summary>A parsed temperature line (M105 reply or M155 autoreport).</summary>
public sealed record TemperatureReport(IReadOnlyList<TemperatureReading> Readings)
{
    public TemperatureReading? Find(string sensor)
    {
        foreach (var r in Readings)
        {
            if (r.Sensor == sensor)
                return r;
        }
        return null;
    }

    public TemperatureReading? Tool0 => Find("tool0");
    public TemperatureReading? Bed => Find("bed");
}
