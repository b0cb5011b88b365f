using PrintFarm.Farm.Designs;

namespace PrintFarm.Farm.Queries;

/// <summary>Which designs to list, ordered by id; null filters match everything.</summary>
public sealed record DesignQuery
{
    public ApprovalStatus? Approval { get; init; }

    public string? Category { get; init; }

    public int Limit { get; init; } = Paging.DefaultLimit;

    public long Offset { get; init; }
}
