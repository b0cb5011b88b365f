using System.Collections.Concurrent;
using PrintFarm.Coordinator;
using PrintFarm.Printing.Connection;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Printers;

/// <summary>The live status of every printer a link reports for; printers nobody reports for have none.</summary>
public sealed class LiveStatusBoard
{
    private readonly ConcurrentDictionary<string, PrinterLive> _printers = new(StringComparer.Ordinal);

    public PrinterLive For(string printerId) => _printers.GetOrAdd(printerId, _ => new PrinterLive());

    public LiveSnapshot? Find(string printerId) => _printers.TryGetValue(printerId, out var live) ? live.Snapshot : null;

    /// <summary>Lines resent over all links since start, for /metrics.</summary>
    public long TotalResends => _printers.Values.Sum(p => p.Snapshot.Resends);

    public IEnumerable<KeyValuePair<string, PrinterLive>> All => _printers;
}
