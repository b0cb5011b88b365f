using System.ComponentModel.DataAnnotations;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Connection;

/// <summary>An in-process virtual printer: a firmware dialect, running faster than real time.</summary>
public sealed class VirtualConfig
{
    /// <summary><c>marlin</c>, <c>prusa</c>, <c>klipper</c>, <c>reprapfirmware</c> or <c>smoothieware</c>.</summary>
    public string Dialect { get; set; } = "marlin";

    /// <summary>Motion runs this many times faster than real time (60: an hour's print in a minute).</summary>
    [Range(0d, 1000d, MinimumIsExclusive = true, ErrorMessage = "must be more than 0 and at most 1000")]
    public double TimeScale { get; set; } = 1;

    /// <summary>The emulated wire speed; a fast print needs a fast wire.</summary>
    [Range(9600, 10_000_000, ErrorMessage = "must be between 9600 and 10000000")]
    public int Baud { get; set; } = 250000;

    /// <summary>Share of lines corrupted on the wire (0..1), to watch resends.</summary>
    [Range(0d, 1d, MaximumIsExclusive = true, ErrorMessage = "must be at least 0 and below 1")]
    public double Corrupt { get; set; }

    /// <summary>The dialect as the virtual printer knows it, or null when <see cref="Dialect"/> names none.</summary>
    public VirtualPrinterDialect? ParsedDialect =>
        Enum.TryParse<VirtualPrinterDialect>(Dialect.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var dialect) ? dialect : null;
}
