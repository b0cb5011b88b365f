using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Queries;

/// <summary>Which demands to list, newest first; null filters match everything.</summary>
public sealed record DemandQuery
{
    public string? Requester { get; init; }

    public string? Node { get; init; }

    public string? DesignId { get; init; }

    public DemandState? State { get; init; }

    public int Limit { get; init; } = Paging.DefaultLimit;

    public long Offset { get; init; }
}
