namespace PrintFarm.Farm.Printers;

/// <summary>A printer's history as the dispatcher sees it.</summary>
public sealed record TrackRecord
{
    public int JobsDone { get; init; }

    public int JobsFailed { get; init; }

    /// <summary>Good parts reported at bed-clear.</summary>
    public long Parts { get; init; }

    public DateTimeOffset? LastFailureAt { get; init; }
}
