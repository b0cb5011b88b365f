namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// The printers: a few lab printers at three labs with staff hours, the rest at makers' homes spread over the
/// districts. About half are Ender-3 (marlin), 38% MK3S (prusa), 12% Voron (klipper, PETG); the labs have more MK3S.
/// Home printers go offline about once a week (60% for 1-6 h, the rest for 12-48 h); lab printers about
/// once a fortnight for 2-8 h of maintenance.
/// </summary>
internal static class PrinterNetworkBuilder
{
    private static readonly (string Site, string Node)[] Labs =
    [
        ("ateneu-poblenou", "sant-marti"), ("ateneu-ciutat-meridiana", "nou-barris"), ("fablab-barcelona", "ciutat-vella"),
    ];

    public static IReadOnlyList<SimPrinter> Build(SimulationOptions options)
    {
        var labs = Math.Min(options.LabPrinters, Math.Max(2, options.Printers / 50));
        var printers = new List<SimPrinter>(options.Printers);
        for (var i = 0; i < options.Printers; i++)
        {
            var random = SeededRandom.For(options.Seed, i, 1);
            var lab = i < labs;
            var roll = random.NextDouble();
            var printerClass = lab
                ? roll < 0.7 ? PrinterClass.Mk3s : roll < 0.9 ? PrinterClass.Voron : PrinterClass.Ender3
                : roll < 0.5 ? PrinterClass.Ender3 : roll < 0.88 ? PrinterClass.Mk3s : PrinterClass.Voron;
            var (site, node) = lab ? Labs[i % Labs.Length] : ($"home-{i:00000}", FarmNetwork.Districts[random.Next(FarmNetwork.Districts.Length)]);
            var owner = lab ? site : $"maker-{i:00000}";
            printers.Add(new SimPrinter(i, $"{(lab ? "lab" : "home")}-{i:00000}", printerClass, lab, site, node, owner, Windows(random, lab, options.Duration)));
        }
        return printers;
    }

    private static List<OfflineWindow> Windows(Random random, bool lab, TimeSpan duration)
    {
        var meanGapHours = lab ? 15 * 24.0 : 7 * 24.0;
        var windows = new List<OfflineWindow>();
        var at = random.Exponential(meanGapHours);
        while (at < duration.TotalHours)
        {
            var hours = lab ? random.Uniform(2, 8) : random.NextDouble() < 0.6 ? random.Uniform(1, 6) : random.Uniform(12, 48);
            windows.Add(new OfflineWindow(TimeSpan.FromHours(at), TimeSpan.FromHours(at + hours)));
            at += hours + random.Exponential(meanGapHours);
        }
        return windows;
    }
}
