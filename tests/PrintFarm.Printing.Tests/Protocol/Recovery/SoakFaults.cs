using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Protocol.Recovery;

/// <summary>
/// The hostile line of the soak, per dialect: every fault the firmware can meet, together about 1.5 to 2%
/// of lines. Line corruption (which draws resend requests) only where the firmware checks what it gets:
/// Klipper checks nothing and RepRapFirmware drops a bad line silently, so no host can stream exactly
/// through corruption there (see docs/printer-link.md); Smoothieware's damage stays inside the checksum.
/// </summary>
internal static class SoakFaults
{
    public static readonly VirtualPrinterDialect[] Dialects =
    [
        VirtualPrinterDialect.Marlin,
        VirtualPrinterDialect.Prusa,
        VirtualPrinterDialect.Klipper,
        VirtualPrinterDialect.RepRapFirmware,
        VirtualPrinterDialect.Smoothieware,
    ];

    public static bool ChecksLines(VirtualPrinterDialect dialect) =>
        dialect is not (VirtualPrinterDialect.Klipper or VirtualPrinterDialect.RepRapFirmware);

    public static VirtualPrinterOptions Options(VirtualPrinterDialect dialect, int seed)
    {
        const double each = 0.002;
        var checks = ChecksLines(dialect);
        return new VirtualPrinterOptions
        {
            Baud = 0,
            Dialect = dialect,
            CorruptProbability = checks ? 0.005 : 0,
            CorruptBodyOnly = dialect == VirtualPrinterDialect.Smoothieware,
            Seed = seed,
            Faults = new LineFaults
            {
                DropOk = each,
                DuplicateOk = each,
                Garbage = each,
                WaitWhenIdle = each,
                Autoreport = each,
                DropResend = checks ? each : 0,
                ResendAhead = checks ? each : 0,
                Seed = seed,
            },
        };
    }
}
