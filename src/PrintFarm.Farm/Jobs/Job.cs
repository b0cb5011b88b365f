using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Jobs;

/// <summary>One print of one plate of one variant, for one ledger line.</summary>
public sealed record Job
{
    public long Id { get; init; }

    public required string DesignId { get; init; }

    public required string VariantId { get; init; }

    /// <summary>The requester the parts are for; <see cref="LedgerKey.Stock"/> for a direct staff job.</summary>
    public required string Requester { get; init; }

    /// <summary>The destination node of the parts.</summary>
    public required string Node { get; init; }

    /// <summary>Parts on the plate (the variant's parts per plate).</summary>
    public required int Parts { get; init; }

    public int Priority { get; init; }

    public DateTimeOffset? NeededBy { get; init; }

    public JobState State { get; init; } = JobState.Queued;

    public string? PrinterId { get; init; }

    /// <summary>A direct job staff aimed at one printer: the dispatcher gives it to that printer only.</summary>
    public string? TargetPrinterId { get; init; }

    /// <summary>A direct job staff aimed at one site: the dispatcher gives it only to printers of that site.</summary>
    public string? TargetSite { get; init; }

    /// <summary>Attempts started so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Printers an earlier attempt failed on; the dispatcher tries others first.</summary>
    public IReadOnlyList<string> FailedPrinters { get; init; } = [];

    /// <summary>Good parts reported at bed-clear; null until then.</summary>
    public int? GoodParts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public LedgerKey Key => new(DesignId, Requester, Node);
}
