namespace PrintFarm.Farm.Webhooks;

/// <summary>
/// An address the farm tells of its events: which kinds, signed with which secret, and for which site, maker (owner)
/// or requester only. A filter left null lets every event through.
/// </summary>
public sealed record Webhook
{
    public long Id { get; init; }

    public required string Url { get; init; }

    /// <summary>The event kinds it takes (<c>job.completed</c>, <c>printer.error</c>, ...).</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>The key of the HMAC-SHA256 signature on every delivery.</summary>
    public required string Secret { get; init; }

    public string? Site { get; init; }

    public string? Owner { get; init; }

    public string? Requester { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
