using System.Globalization;

namespace PrintFarm.Printing.Virtual;

/// <summary>Heaters that reach their targets at once, so that a benchmark measures only the wire.</summary>
internal sealed class TemperatureModel
{
    private const double HotendAmbient = 21.4;
    private const double BedAmbient = 21.3;
    private const double ProbeTemperature = 35.0;
    private const double AmbientTemperature = 26.0;

    public double Hotend { get; private set; } = HotendAmbient;
    public double HotendTarget { get; private set; }
    public double Bed { get; private set; } = BedAmbient;
    public double BedTarget { get; private set; }

    public void SetHotend(double target)
    {
        HotendTarget = Math.Max(0, target);
        Hotend = HotendTarget > 0 ? HotendTarget : HotendAmbient;
    }

    public void SetBed(double target)
    {
        BedTarget = Math.Max(0, target);
        Bed = BedTarget > 0 ? BedTarget : BedAmbient;
    }

    /// <summary>Heaters off, as after a kill.</summary>
    public void Off()
    {
        SetHotend(0);
        SetBed(0);
    }

    /// <summary>Formats a report with a dialect's <see cref="DialectProfile.TemperatureFormat"/>.</summary>
    public string Format(string format) =>
        string.Format(CultureInfo.InvariantCulture, format, Hotend, HotendTarget, Bed, BedTarget,
            HotendTarget > 0 ? 127 : 0, 0, ProbeTemperature, AmbientTemperature);
}
