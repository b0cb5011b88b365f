namespace PrintFarm.Printing.Virtual;

/// <summary>Which firmware the virtual printer imitates on the wire.</summary>
public enum VirtualPrinterDialect
{
    /// <summary>Marlin 2.1: <c>Error:...</c>, <c>Resend: n</c>, then <c>ok</c>.</summary>
    Marlin,

    /// <summary>Marlin around 2.0.9: like <see cref="Marlin"/>, but no <c>ok</c> after <c>Resend:</c>.</summary>
    MarlinNoOkAfterResend,

    /// <summary>A build whose M115 reads Marlin but that answers a bad line with <c>rs N&lt;n&gt;</c> alone, no error, no ok.</summary>
    MarlinRs,

    /// <summary>Prusa-Firmware 3.x (MK3S): Marlin 1 framing, extra temperature fields, M862 checks.</summary>
    Prusa,

    /// <summary>Klipper: no line checks, no resends, firmware info on the ok line, <c>!!</c> and <c>//</c> messages.</summary>
    Klipper,

    /// <summary>RepRapFirmware 3: silently drops a line with a bad checksum, spaces after colons.</summary>
    RepRapFirmware,

    /// <summary>Smoothieware: <c>rs N</c> resends without ok, <c>!!</c> to everything while halted.</summary>
    Smoothieware,
}
