namespace PrintFarm.Farm.Scheduling;

/// <summary>What one planning pass did.</summary>
/// <param name="JobsCreated">New queued jobs.</param>
/// <param name="PartsPlanned">Parts on those jobs' plates.</param>
/// <param name="Unplannable">Ledger lines with a deficit that no variant and printer can cover, with the reason.</param>
public sealed record PlanResult(int JobsCreated, long PartsPlanned, IReadOnlyList<string> Unplannable)
{
    /// <summary>Finished parts moved from stock lines to demand lines before planning.</summary>
    public long PartsFromStock { get; init; }
}
