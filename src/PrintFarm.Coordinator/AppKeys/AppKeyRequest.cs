namespace PrintFarm.Coordinator.AppKeys;

/// <summary>
/// One application's request for a key, as the farm holds it while staff decide. <see cref="Id"/> is what staff decide
/// on; <see cref="Token"/> is the application's secret to collect the key with, never shown to anyone else.
/// </summary>
public sealed record AppKeyRequest(long Id, string Token, string App, string? User, string? Address, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Once approved: the key made for it, and its secret until the application collects it.</summary>
    public long? KeyId { get; init; }

    public string? Secret { get; init; }

    /// <summary>Set while one person's approval is being written, so that nobody approves it twice.</summary>
    public bool Deciding { get; init; }

    public bool IsPending => KeyId is null && !Deciding;
}

/// <summary>What the application hears when it polls: still waiting, its key (once), or nothing more (denied, expired, unknown, collected).</summary>
public enum AppKeyPoll
{
    Pending,
    Approved,
    Gone,
}

/// <summary>A refusal to take a new request: too many waiting in all (503) or from one address (429).</summary>
public sealed class AppKeyLimitException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
