using System.Collections.Concurrent;

namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>
/// What the coordinator last heard from each agent: its retained online flag (the broker publishes <c>false</c>
/// as its last will) and when it last published anything. An agent is away when it said so or went quiet for
/// longer than the stale limit; its printers are taken offline once it has been away for the grace period.
/// </summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<string, Entry> _agents = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;

    public AgentPresence(TimeProvider time)
    {
        _time = time;
        _started = time.GetUtcNow();
    }

    /// <summary>
    /// The agent published something, received at <paramref name="receivedAt"/> (now when not given). A message received
    /// before the agent said it left (its last will, handled first) does not bring it back.
    /// </summary>
    public void Heard(string agentId, DateTimeOffset? receivedAt = null)
    {
        var at = receivedAt ?? _time.GetUtcNow();
        _agents.AddOrUpdate(agentId, _ => new Entry(true, at, null), (_, e) =>
            e is { Online: false, AwaySince: { } away } && away > at
                ? e
                : e with { Online = true, LastSeen = at > e.LastSeen ? at : e.LastSeen, AwaySince = null });
    }

    public void Said(string agentId, bool online)
    {
        if (online)
        {
            Heard(agentId);
            return;
        }
        var now = _time.GetUtcNow();
        _agents.AddOrUpdate(agentId, _ => new Entry(false, now, now), (_, e) => e with { Online = false, AwaySince = e.AwaySince ?? now });
    }

    /// <summary>Since when the agent has been away, or null while it is there. An agent never heard of counts from the coordinator's start.</summary>
    public DateTimeOffset? AwaySince(string agentId, TimeSpan stale)
    {
        var now = _time.GetUtcNow();
        if (!_agents.TryGetValue(agentId, out var e))
            return now - _started > stale ? _started : null;
        if (!e.Online)
            return e.AwaySince;
        return now - e.LastSeen > stale ? e.LastSeen : null;
    }

    public bool IsOnline(string agentId, TimeSpan stale) => AwaySince(agentId, stale) is null;

    public int Count => _agents.Count;

    private sealed record Entry(bool Online, DateTimeOffset LastSeen, DateTimeOffset? AwaySince);
}
