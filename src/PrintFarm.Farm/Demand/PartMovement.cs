namespace PrintFarm.Farm.Demand;

/// <summary>
/// A delivery record: parts moved from one stage to the next on one ledger line (collected, passed,
/// rejected, delivered), or allocated from stock to a demand line (<see cref="From"/> or <see cref="To"/> null on the two halves).
/// </summary>
public sealed record PartMovement
{
    public long Id { get; init; }

    public required MovementKind Kind { get; init; }

    public required LedgerKey Key { get; init; }

    public LedgerStage? From { get; init; }

    public LedgerStage? To { get; init; }

    public required int Count { get; init; }

    /// <summary>The demand a delivery counts against.</summary>
    public long? DemandId { get; init; }

    public required string Actor { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>What this record does to its line's counts.</summary>
    public LedgerCounts Delta =>
        (To is { } to ? LedgerCounts.Of(to, Count) : default) - (From is { } from ? LedgerCounts.Of(from, Count) : default);
}
