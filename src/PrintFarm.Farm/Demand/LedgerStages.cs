using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Demand;

/// <summary>
/// Where a job's parts stand in the ledger. The stored ledger moves by the difference between a job's
/// stages before and after each change, and <see cref="LedgerCheck"/> sums the same function over all jobs,
/// so the two can only disagree if a write was lost.
/// </summary>
public static class LedgerStages
{
    public static LedgerCounts ForJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.State switch
        {
            JobState.Queued or JobState.Assigned => new LedgerCounts { Planned = job.Parts },
            // Parts on a running, paused or interrupted printer, or on a bed not yet cleared, are still "printing".
            JobState.Printing or JobState.Paused or JobState.Interrupted => new LedgerCounts { Printing = job.Parts },
            JobState.Completed when job.GoodParts is null => new LedgerCounts { Printing = job.Parts },
            JobState.Completed => new LedgerCounts { Printed = job.GoodParts.Value },
            _ => default,
        };
    }

    /// <summary>What a job's change does to its ledger line.</summary>
    public static LedgerCounts Delta(Job? before, Job after) =>
        ForJob(after) - (before is null ? default : ForJob(before));
}
