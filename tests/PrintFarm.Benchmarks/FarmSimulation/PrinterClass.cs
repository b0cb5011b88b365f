namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>A kind of printer in the network: its firmware profile, loaded material and bed.</summary>
internal sealed record PrinterClass(string Name, string Profile, string Material, double BedXMm, double BedYMm, string GcodeSuffix)
{
    public static readonly PrinterClass Mk3s = new("MK3S", "prusa", "PLA", 250, 210, "mk3s_pla");

    public static readonly PrinterClass Ender3 = new("Ender-3", "marlin", "PLA", 235, 235, "ender3_pla");

    public static readonly PrinterClass Voron = new("Voron 2.4", "klipper", "PETG", 350, 350, "voron24_petg");

    public static IReadOnlyList<PrinterClass> All { get; } = [Mk3s, Ender3, Voron];
}
