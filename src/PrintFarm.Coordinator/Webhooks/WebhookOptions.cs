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

    /// <summary>Deliveries in flight at once, across every webhook (each printer's or kind's still one at a time).</summary>
    public int Concurrency { get; set; } = 8;
}
