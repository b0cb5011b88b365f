namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>The size and knobs of one simulation; everything random follows from <see cref="Seed"/>.</summary>
internal sealed record SimulationOptions
{
    public int Printers { get; init; } = 2_500;

    public int Days { get; init; } = 30;

    public int Seed { get; init; } = 1;

    /// <summary>Scheduler rounds run only after a change, and at most once per this many simulated seconds.</summary>
    public int TickSeconds { get; init; } = 60;

    /// <summary>Printers at labs with staff hours; the rest are at makers' homes.</summary>
    public int LabPrinters { get; init; } = 30;

    /// <summary>
    /// Demanded parts over the run as a multiple of the nominal capacity (every printer printing the demanded mix all
    /// day, never offline). Beds that wait for makers overnight and offline periods leave the network well below that,
    /// so 0.65 is still more than it prints (about 1.15 times
    /// in the 30-day run at 2,500 printers).
    /// </summary>
    public double DemandFactor { get; init; } = 0.65;

    /// <summary>Share of plates that fail: half as a failed print, half as no good parts at bed-clear.</summary>
    public double PlateFailureRate { get; init; } = 0.03;

    /// <summary>Monday 16 March 2020, 00:00 (local Barcelona time, taken as UTC).</summary>
    public DateTimeOffset Start { get; init; } = new(2020, 3, 16, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan Duration => TimeSpan.FromDays(Days);
}
