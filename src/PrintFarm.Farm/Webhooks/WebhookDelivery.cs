namespace PrintFarm.Farm.Webhooks;

/// <summary>
/// One event on its way to one webhook, written before it is first tried: pending until the receiver takes it (then
/// removed), dead once every attempt failed. Deliveries with the same <see cref="OrderKey"/> go out in id order.
/// </summary>
public sealed record WebhookDelivery
{
    public long Id { get; init; }

    public required long WebhookId { get; init; }

    /// <summary>The event's id, the same for every webhook told of it (the <c>X-PrintFarm-Event-Id</c> header).</summary>
    public required string EventId { get; init; }

    public required string Kind { get; init; }

    /// <summary>What orders deliveries: the printer's id, else the kind.</summary>
    public required string OrderKey { get; init; }

    /// <summary>The JSON body, exactly as it is signed and sent.</summary>
    public required string Body { get; init; }

    public bool Dead { get; init; }

    public int Attempts { get; init; }

    public string LastError { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
