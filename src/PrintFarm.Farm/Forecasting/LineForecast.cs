using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Forecasting;

/// <summary>When one ledger line's parts are projected to be printed, and whether that misses its needed-by.</summary>
/// <param name="Key">The ledger line.</param>
/// <param name="Counts">The line's counts when the forecast was made.</param>
/// <param name="NeededBy">The earliest needed-by of the line's open demands.</param>
/// <param name="Eta">When the last owed or running plate is projected to finish; null when no online printer can print the
/// design, or when nothing is owed or running.</param>
/// <param name="WillMiss">The line has a needed-by and the projection finishes after it (or cannot finish at all).</param>
public sealed record LineForecast(LedgerKey Key, LedgerCounts Counts, DateTimeOffset? NeededBy, DateTimeOffset? Eta, bool WillMiss)
{
    /// <summary>Parts nothing covers yet.</summary>
    public long StillNeeded => Math.Max(0, Counts.Uncovered);

    /// <summary>Parts on a plate that is planned or on a printer.</summary>
    public long InProgress => Counts.Planned + Counts.Printing;

    /// <summary>Good parts printed and not yet delivered: at the printer, collected or passed.</summary>
    public long Printed => Counts.Printed + Counts.Collected + Counts.Passed;
}
