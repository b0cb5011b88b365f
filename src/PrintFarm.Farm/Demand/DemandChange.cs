namespace PrintFarm.Farm.Demand;

/// <summary>A change to an open demand; null fields stay as they are.</summary>
public sealed record DemandChange
{
    public int? Quantity { get; init; }

    public int? Priority { get; init; }

    public DateTimeOffset? NeededBy { get; init; }
}
