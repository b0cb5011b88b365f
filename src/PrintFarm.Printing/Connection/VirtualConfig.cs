namespace PrintFarm.Printing.Connection;

/// <summary>An in-process virtual printer: a firmware dialect, running faster than real time.</summary>
public sealed class VirtualConfig
{
    /// <summary><c>marlin</c>, <c>prusa</c>, <c>klipper</c>, <c>reprapfirmware</c> or <c>smoothieware</c>.</summary>
    public string Dialect { get; set; } = "marlin";

    /// <summary>Motion runs this many times faster than real time (60: an hour's print in a minute).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>The emulated wire speed; a fast print needs a fast wire.</summary>
    public int Baud { get; set; } = 250000;

    /// <summary>Share of lines corrupted on the wire (0..1), to watch resends.</summary>
    public double Corrupt { get; set; }
}
