using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Queries;

/// <summary>Which jobs to list, newest first; null or empty filters match everything.</summary>
public sealed record JobQuery
{
    /// <summary>Jobs in any of these states.</summary>
    public IReadOnlyCollection<JobState>? States { get; init; }

    /// <summary>Jobs that are or were on this printer, or are targeted at it.</summary>
    public string? PrinterId { get; init; }

    public string? DesignId { get; init; }

    /// <summary>The ledger requester; <c>stock</c> lists the direct jobs.</summary>
    public string? Requester { get; init; }

    /// <summary>Jobs on printers of this owner, or targeted at one of them.</summary>
    public string? PrinterOwner { get; init; }

    public int Limit { get; init; } = Paging.DefaultLimit;

    public long Offset { get; init; }
}
