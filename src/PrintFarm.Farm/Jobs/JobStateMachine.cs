using System.Collections.Frozen;

namespace PrintFarm.Farm.Jobs;

/// <summary>
/// The legal job state changes: <c>queued -> assigned -> printing &lt;-> paused -> completed | failed | cancelled | interrupted</c>,
/// plus the way back to <c>queued</c> for a retry (a failed attempt, a printer lost before the start, an interrupted job requeued).
/// Completed, failed and cancelled are final.
/// </summary>
public static class JobStateMachine
{
    private static readonly FrozenDictionary<JobState, JobState[]> Allowed = new Dictionary<JobState, JobState[]>
    {
        [JobState.Queued] = [JobState.Assigned, JobState.Cancelled],
        [JobState.Assigned] = [JobState.Printing, JobState.Queued, JobState.Cancelled],
        [JobState.Printing] = [JobState.Paused, JobState.Completed, JobState.Failed, JobState.Cancelled, JobState.Interrupted, JobState.Queued],
        [JobState.Paused] = [JobState.Printing, JobState.Failed, JobState.Cancelled, JobState.Interrupted, JobState.Queued],
        [JobState.Interrupted] = [JobState.Queued, JobState.Failed, JobState.Cancelled],
        [JobState.Completed] = [],
        [JobState.Failed] = [],
        [JobState.Cancelled] = [],
    }.ToFrozenDictionary();

    public static bool CanMove(JobState from, JobState to) => Allowed[from].Contains(to);

    public static bool IsFinal(JobState state) => Allowed[state].Length == 0;

    /// <summary>Assigned, printing or paused: the job holds a printer.</summary>
    public static bool HoldsPrinter(JobState state) => state is JobState.Assigned or JobState.Printing or JobState.Paused;

    /// <summary>Throws <see cref="FarmValidationException"/> when the table forbids the move.</summary>
    public static void EnsureCanMove(long jobId, JobState from, JobState to)
    {
        if (!CanMove(from, to))
            throw new FarmConflictException($"job {jobId} cannot go from {from} to {to}");
    }
}
