using System.Collections.Concurrent;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Coordinator.Live;

/// <summary>The live status of every printer a link reports for; printers nobody reports for have none.</summary>
public sealed class LiveStatusBoard
{
    private readonly ConcurrentDictionary<string, PrinterLive> _printers = new(StringComparer.Ordinal);

    /// <summary>
    /// A printer's live status changed while it runs a job (printing or paused): its progress, for the event stream.
    /// Raised by whoever wrote the status (a local printer's loop, an agent's report), on that writer's thread.
    /// </summary>
    public event Action<string, LiveSnapshot>? Progressed;

    public PrinterLive For(string printerId) => _printers.GetOrAdd(printerId, id => new PrinterLive(id, this));

    public LiveSnapshot? Find(string printerId) => _printers.TryGetValue(printerId, out var live) ? live.Snapshot : null;

    private long _linesSent;
    private long _resends;

    /// <summary>G-code lines sent over all links since start: only ever grows, for the /metrics counter.</summary>
    public long LinesSentTotal => Interlocked.Read(ref _linesSent);

    /// <summary>Lines resent over all links since start: only ever grows, for the /metrics counter.</summary>
    public long ResendsTotal => Interlocked.Read(ref _resends);

    public IEnumerable<KeyValuePair<string, PrinterLive>> All => _printers;

    /// <summary>
    /// What a link's counter added from one report to the next. A link's own counters start again from zero with each
    /// session (a local printer that reconnects) or job (an agent's reports), so a smaller value is a new start and all
    /// of it is new.
    /// </summary>
    public static long Added(long before, long now) => now >= before ? now - before : now;

    internal void Changed(string printerId, LiveSnapshot previous, LiveSnapshot snapshot)
    {
        Interlocked.Add(ref _linesSent, Added(previous.LinesSent, snapshot.LinesSent));
        Interlocked.Add(ref _resends, Added(previous.Resends, snapshot.Resends));
        if (snapshot is { JobId: not null, Session: SessionState.Printing or SessionState.Paused })
            Progressed?.Invoke(printerId, snapshot);
    }
}
