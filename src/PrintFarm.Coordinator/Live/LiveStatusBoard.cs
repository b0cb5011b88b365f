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

    /// <summary>Lines resent over all links since start, for /metrics.</summary>
    public long TotalResends => _printers.Values.Sum(p => p.Snapshot.Resends);

    public IEnumerable<KeyValuePair<string, PrinterLive>> All => _printers;

    internal void Changed(string printerId, LiveSnapshot snapshot)
    {
        if (snapshot is { JobId: not null, Session: SessionState.Printing or SessionState.Paused })
            Progressed?.Invoke(printerId, snapshot);
    }
}
