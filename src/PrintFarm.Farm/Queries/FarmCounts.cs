using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Queries;

/// <summary>Totals for metrics. Every state is present, with 0 when nothing is in it.</summary>
public sealed record FarmCounts
{
    public required IReadOnlyDictionary<PrinterState, long> PrintersByState { get; init; }

    public required IReadOnlyDictionary<JobState, long> JobsByState { get; init; }

    /// <summary>
    /// Good parts reported at bed-clear, ever: the ledger's printed, collected, passed, rejected and delivered stages
    /// summed over all lines (a part rejected at the check was still reported good at the printer).
    /// </summary>
    public long GoodParts { get; init; }

    /// <summary>Parts that failed the check.</summary>
    public long RejectedParts { get; init; }

    /// <summary>Parts handed to requesters.</summary>
    public long DeliveredParts { get; init; }
}
