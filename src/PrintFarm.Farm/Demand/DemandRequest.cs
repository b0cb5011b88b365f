namespace PrintFarm.Farm.Demand;

/// <summary>What staff enter for a requester.</summary>
public sealed record DemandRequest
{
    public required string Requester { get; init; }

    public RequesterKind RequesterKind { get; init; } = RequesterKind.Hospital;

    public required string DesignId { get; init; }

    public required int Quantity { get; init; }

    /// <summary>Higher goes first.</summary>
    public int Priority { get; init; }

    public DateTimeOffset? NeededBy { get; init; }

    /// <summary>The collection node the parts go to.</summary>
    public required string Node { get; init; }
}
