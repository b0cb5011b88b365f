using System.Text.Json;

namespace PrintFarm.Coordinator.Events;

/// <summary>
/// Fans events out to the open event streams. Each event is serialised and framed once, when it is published, into a
/// ring of the last <see cref="Capacity"/> events; every stream keeps its own read position in that ring and copies the
/// frames it wants, so publishing costs the same for one stream or a thousand and takes no per-stream queue. A client
/// that reconnects with <c>Last-Event-ID</c> is replayed what it missed from the ring; one that fell further behind,
/// or a stream too slow to keep up, gets a <c>reset</c> (re-read the lists) and carries on from the newest event.
/// </summary>
public sealed class EventHub
{
    /// <summary>Events kept: at 2,500 a second, six and a half seconds of them.</summary>
    public const int Capacity = 16384;

    private static readonly byte[] ResetJson = "{\"reason\":\"the events after your last id are no longer kept; read the lists again\"}"u8.ToArray();

    private readonly FarmEvent?[] _ring = new FarmEvent?[Capacity];
    private readonly Lock _gate = new();
    private readonly JsonSerializerOptions _json;
    private TaskCompletionSource _published = NewSignal();
    private long _last;
    private int _subscribers;

    public EventHub(JsonSerializerOptions json) => _json = json;

    /// <summary>The id of the newest event, 0 before the first.</summary>
    public long LastId => Volatile.Read(ref _last);

    /// <summary>Streams open now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);

    public void Publish<T>(string type, T data, string? printerId = null, long? jobId = null)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(data, _json);
        TaskCompletionSource published;
        lock (_gate)
        {
            var id = _last + 1;
            _ring[id % Capacity] = new FarmEvent(id, type, printerId, jobId, json);
            Volatile.Write(ref _last, id);
            published = _published;
            Volatile.Write(ref _published, NewSignal());
        }
        published.TrySetResult();
    }

    /// <summary>
    /// Opens a stream. With <paramref name="lastEventId"/>, it starts after that event (replaying what is still kept, or
    /// with a <c>reset</c> when it is not); without, it starts with the next event published.
    /// </summary>
    public Subscription Subscribe(string? printerId, long? jobId, long? lastEventId, Func<FarmEvent, bool>? visible = null)
    {
        var last = LastId;
        var after = lastEventId is { } given && given >= 0 && given < last ? given : last;
        Interlocked.Increment(ref _subscribers);
        return new Subscription(this, printerId, jobId, visible, after);
    }

    /// <summary>Completes when an event after <paramref name="after"/> is published (at once if one is), or false after <paramref name="timeout"/>.</summary>
    internal async Task<bool> WaitAsync(long after, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        // The signal is read before the id: a publish in between either shows in the id or completes this signal.
        var published = Volatile.Read(ref _published).Task;
        if (LastId > after)
            return true;
        try
        {
            await published.WaitAsync(timeout, time, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The event kept under <paramref name="id"/>, or null when it was overwritten (or not yet written).</summary>
    internal FarmEvent? At(long id) => Volatile.Read(ref _ring[id % Capacity]) is { } e && e.Id == id ? e : null;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One open event stream: its filters and its read position in the hub's ring.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly EventHub _hub;
        private int _disposed;

        internal Subscription(EventHub hub, string? printerId, long? jobId, Func<FarmEvent, bool>? visible, long after)
        {
            _hub = hub;
            Visible = visible;
            PrinterId = printerId;
            JobId = jobId;
            Position = after;
        }

        public string? PrinterId { get; }

        public long? JobId { get; }

        /// <summary>Set for a maker: only events about these printers (or none about a printer) reach them.</summary>
        public Func<FarmEvent, bool>? Visible { get; }

        /// <summary>The id of the last event this stream has taken.</summary>
        public long Position { get; private set; }

        /// <summary>Waits until there is something after <see cref="Position"/>; false when <paramref name="timeout"/> passed first.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct) => _hub.WaitAsync(Position, timeout, time, ct);

        /// <summary>
        /// Takes every event after <see cref="Position"/> that this stream wants, oldest first, and moves past them. When
        /// some were overwritten before they were taken (the stream fell more than <see cref="Capacity"/> behind, or
        /// resumed from an id no longer kept), <paramref name="take"/> gets one <c>reset</c> instead, and the stream goes
        /// on from the newest event.
        /// </summary>
        /// <returns>How many events were taken.</returns>
        public int Drain(Action<FarmEvent> take)
        {
            ArgumentNullException.ThrowIfNull(take);
            var last = _hub.LastId;
            var taken = 0;
            for (var id = Position + 1; id <= last; id++)
            {
                if (_hub.At(id) is not { } e)
                {
                    take(new FarmEvent(last, "reset", null, null, ResetJson));
                    Position = last;
                    return taken + 1;
                }
                if (Matches(e))
                {
                    take(e);
                    taken++;
                }
            }
            Position = Math.Max(Position, last);
            return taken;
        }

        internal bool Matches(FarmEvent e) =>
            (PrinterId is null || e.PrinterId == PrinterId)
            && (JobId is null || e.JobId == JobId)
            && (Visible is null || Visible(e));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Interlocked.Decrement(ref _hub._subscribers);
        }
    }
}
