namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// One farm event as webhooks hear of it: its kind, when, what it is about, and the fields the filters look at
/// (<see cref="Site"/> and <see cref="Owner"/> of the printer, <see cref="Requester"/> of the job or demand).
/// </summary>
internal sealed record WebhookEvent(string Kind, DateTimeOffset At, object Data, string? PrinterId, string? Requester)
{
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public string? Site { get; init; }

    public string? Owner { get; init; }

    /// <summary>Every kind a webhook may ask for.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "job.started", "job.completed", "job.failed", "job.interrupted",
        "printer.needs-bed-clear", "printer.error", "printer.offline", "demand.met", "demand.at-risk", "parts.rejected",
    ];

    public static string ValidKinds => string.Join(", ", Kinds);
}
