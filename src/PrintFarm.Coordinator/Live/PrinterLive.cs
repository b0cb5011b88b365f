using PrintFarm.Printing.Protocol;

namespace PrintFarm.Coordinator.Live;

/// <summary>
/// What the link knows about one printer right now and the store does not keep: temperatures, the running job's
/// progress, the session's counters. Written by the printer's own loop, read by any request.
/// </summary>
public sealed class PrinterLive
{
    private readonly string _printerId;
    private readonly LiveStatusBoard _board;
    private volatile LiveSnapshot _snapshot = LiveSnapshot.Empty;

    internal PrinterLive(string printerId, LiveStatusBoard board)
    {
        _printerId = printerId;
        _board = board;
    }
    private long _connectAttempts;

    /// <summary>Attempts to open the link since start, for logs and tests: a missing port must never spin.</summary>
    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    internal void CountAttempt() => Interlocked.Increment(ref _connectAttempts);

    public LiveSnapshot Snapshot => _snapshot;

    internal void Set(LiveSnapshot snapshot)
    {
        var previous = Interlocked.Exchange(ref _snapshot, snapshot);
        _board.Changed(_printerId, previous, snapshot);
    }
}

/// <summary>An immutable view of a printer's live status.</summary>
public sealed record LiveSnapshot(
    SessionState Session,
    TemperatureReport? Temperatures,
    long? JobId,
    double Progress,
    TimeSpan Elapsed,
    long LinesSent,
    long Resends,
    string? Message)
{
    public static readonly LiveSnapshot Empty = new(SessionState.Disconnected, null, null, 0, TimeSpan.Zero, 0, 0, null);
}
