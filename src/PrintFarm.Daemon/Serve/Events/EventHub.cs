using System.Text.Json;
using System.Threading.Channels;

namespace PrintFarm.Daemon.Serve.Events;

/// <summary>
/// Fans events out to the open event streams. The last <see cref="Capacity"/> events are kept, so a client that
/// reconnects with <c>Last-Event-ID</c> gets what it missed; one that fell further behind gets a <c>reset</c> and
/// re-reads the lists. Each event is serialised once however many clients follow it; a client too slow to keep
/// up is dropped (its browser reconnects and resumes) rather than slowing the farm.
/// </summary>
public sealed class EventHub
{
    public const int Capacity = 8192;
    private const int SubscriberBuffer = 2048;

    private readonly FarmEvent?[] _ring = new FarmEvent?[Capacity];
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly JsonSerializerOptions _json;
    private long _last;

    public EventHub(JsonSerializerOptions json) => _json = json;

    /// <summary>The id of the newest event, 0 before the first.</summary>
    public long LastId => Volatile.Read(ref _last);

    public int Subscribers
    {
        get
        {
            lock (_gate)
                return _subscribers.Count;
        }
    }

    public void Publish<T>(string type, T data, string? printerId = null, long? jobId = null)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(data, _json);
        lock (_gate)
        {
            var e = new FarmEvent(++_last, type, printerId, jobId, json);
            _ring[e.Id % Capacity] = e;
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var s = _subscribers[i];
                if (!s.Matches(e))
                    continue;
                if (!s.Channel.Writer.TryWrite(e))
                {
                    s.Channel.Writer.TryComplete();
                    _subscribers.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// Opens a stream. With <paramref name="lastEventId"/>, the events after it are replayed first, or a
    /// <c>reset</c> is sent when they are no longer kept.
    /// </summary>
    public Subscription Subscribe(string? printerId, long? jobId, long? lastEventId, Func<FarmEvent, bool>? visible = null)
    {
        var s = new Subscription(this, printerId, jobId, visible,
            Channel.CreateBounded<FarmEvent>(new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }));
        lock (_gate)
        {
            if (lastEventId is { } after && after < _last)
            {
                var oldest = Math.Max(1, _last - Capacity + 1);
                if (after + 1 < oldest || after < 0)
                    s.Channel.Writer.TryWrite(new FarmEvent(_last, "reset", null, null, "{\"reason\":\"the events after your last id are no longer kept; read the lists again\"}"u8.ToArray()));
                else
                {
                    for (var id = after + 1; id <= _last; id++)
                    {
                        if (_ring[id % Capacity] is { } e && e.Id == id && s.Matches(e))
                            s.Channel.Writer.TryWrite(e);
                    }
                }
            }
            _subscribers.Add(s);
        }
        return s;
    }

    private void Remove(Subscription s)
    {
        lock (_gate)
            _subscribers.Remove(s);
    }

    /// <summary>One open event stream.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly EventHub _hub;

        internal Subscription(EventHub hub, string? printerId, long? jobId, Func<FarmEvent, bool>? visible, Channel<FarmEvent> channel)
        {
            _hub = hub;
            Visible = visible;
            PrinterId = printerId;
            JobId = jobId;
            Channel = channel;
        }

        public string? PrinterId { get; }

        public long? JobId { get; }

        internal Channel<FarmEvent> Channel { get; }

        public ChannelReader<FarmEvent> Reader => Channel.Reader;

        /// <summary>Set for a maker: only events about these printers (or none about a printer) reach them.</summary>
        public Func<FarmEvent, bool>? Visible { get; }

        internal bool Matches(FarmEvent e) =>
            (PrinterId is null || e.PrinterId == PrinterId)
            && (JobId is null || e.JobId == JobId)
            && (Visible is null || Visible(e));

        public void Dispose()
        {
            _hub.Remove(this);
            Channel.Writer.TryComplete();
        }
    }
}
