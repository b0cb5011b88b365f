namespace PrintFarm.Farm.Scheduling;

/// <summary>What one dispatch pass did: each job given to a printer.</summary>
public sealed record DispatchResult(IReadOnlyList<(long JobId, string PrinterId)> Assignments, int QueuedLeft);
