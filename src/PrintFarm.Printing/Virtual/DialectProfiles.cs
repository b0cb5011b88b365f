namespace PrintFarm.Printing.Virtual;

/// <summary>Looks up the wire behaviour of a dialect.</summary>
internal static class DialectProfiles
{
    public static DialectProfile For(VirtualPrinterDialect dialect) => dialect switch
    {
        VirtualPrinterDialect.Marlin => MarlinDialects.Marlin,
        VirtualPrinterDialect.MarlinNoOkAfterResend => MarlinDialects.MarlinNoOkAfterResend,
        VirtualPrinterDialect.MarlinRs => MarlinDialects.MarlinRs,
        VirtualPrinterDialect.Prusa => MarlinDialects.Prusa,
        VirtualPrinterDialect.Klipper => OtherDialects.Klipper,
        VirtualPrinterDialect.RepRapFirmware => OtherDialects.RepRapFirmware,
        VirtualPrinterDialect.Smoothieware => OtherDialects.Smoothieware,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown dialect."),
    };
}
