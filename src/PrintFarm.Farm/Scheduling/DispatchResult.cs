namespace PrintFarm.Farm.Scheduling;

/// <summary>What one dispatch pass did.</summary>
/// <param name="Assignments">Each job given to a printer: new plates and queued jobs alike.</param>
/// <param name="QueuedLeft">Queued jobs (direct jobs, retries) that found no printer.</param>
public sealed record DispatchResult(IReadOnlyList<(long JobId, string PrinterId)> Assignments, int QueuedLeft)
{
    /// <summary>New jobs cut from owed demand in this pass (each assigned at once).</summary>
    public int JobsCreated { get; init; }

    /// <summary>Parts on those new jobs' plates.</summary>
    public long PartsPlanned { get; init; }
}
