namespace PrintFarm.Farm.Demand;

/// <summary>A stored demand. <see cref="Delivered"/> counts the parts handed over against it.</summary>
public sealed record DemandRecord
{
    public long Id { get; init; }

    public required string Requester { get; init; }

    public required RequesterKind RequesterKind { get; init; }

    public required string DesignId { get; init; }

    public required int Quantity { get; init; }

    public int Priority { get; init; }

    public DateTimeOffset? NeededBy { get; init; }

    public required string Node { get; init; }

    public DemandState State { get; init; } = DemandState.Open;

    public int Delivered { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public LedgerKey Key => new(DesignId, Requester, Node);

    /// <summary>What this demand adds to the ledger's <c>requested</c>: the quantity, or only the delivered parts once cancelled.</summary>
    public int Requested => State == DemandState.Open ? Quantity : Delivered;
}
