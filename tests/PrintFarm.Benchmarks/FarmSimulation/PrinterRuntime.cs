namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>The world's live state of one printer, with its own random stream for print times, failures and bed-clear delays.</summary>
internal sealed class PrinterRuntime(SimPrinter printer, Random random)
{
    public SimPrinter Printer { get; } = printer;

    public Random Random { get; } = random;

    public PrinterMode Mode { get; set; } = PrinterMode.Free;

    /// <summary>Bumped whenever a scheduled print end or bed-clear of this printer stops being valid.</summary>
    public int Version { get; set; }

    public SimPlate? Current { get; set; }

    public PlateOutcome Outcome { get; set; }

    /// <summary>A completed plate still on the bed, and its good parts.</summary>
    public SimPlate? Bed { get; set; }

    public int BedGood { get; set; }
}
