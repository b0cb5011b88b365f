using System.Collections.Concurrent;

namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>
/// QoS 1 may deliver an event twice, and an agent replays its outbox after a reconnect. Each event carries its
/// agent run (<c>session</c>) and a sequence number; one already seen for that printer and run is dropped.
/// </summary>
public sealed class EventDeduplicator
{
    private readonly ConcurrentDictionary<string, (string Session, long Seq)> _last = new(StringComparer.Ordinal);

    /// <summary>True the first time; false for a repeat (same run, sequence not above the last one).</summary>
    public bool IsNew(string printerId, string session, long seq)
    {
        while (true)
        {
            if (!_last.TryGetValue(printerId, out var last))
            {
                if (_last.TryAdd(printerId, (session, seq)))
                    return true;
                continue;
            }
            if (last.Session == session && seq <= last.Seq)
                return false;
            if (_last.TryUpdate(printerId, (session, seq), last))
                return true;
        }
    }
}
