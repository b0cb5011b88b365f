namespace PrintFarm.Coordinator.Webhooks;

/// <summary>How deliveries are tried: attempts, back-off, the time one request may take, and how many go out at once.</summary>
public sealed class WebhookOptions
{
    /// <summary>Attempts per delivery before it becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; it doubles, with jitter, after each failure.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>One request's limit, connecting and reading the answer included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight at once, across every webhook (each webhook's printer or kind still one at a time).</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>
    /// Requests in flight at once to one webhook, so a receiver that never answers holds at most this many of
    /// <see cref="Concurrency"/> and the others go on.
    /// </summary>
    public int ConcurrencyPerWebhook { get; set; } = 8;

    /// <summary>Pending deliveries of one webhook held in memory; the rest is read from the outbox as these go out.</summary>
    public int BufferPerWebhook { get; set; } = 4000;

    /// <summary>How long a delivered row may wait to be removed with others in one transaction.</summary>
    public TimeSpan DeleteDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
