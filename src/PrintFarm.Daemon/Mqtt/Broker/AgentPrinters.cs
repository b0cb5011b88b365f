using System.Collections.Concurrent;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Daemon.Mqtt.Broker;

/// <summary>
/// Which agent each printer is behind, read through <see cref="IFarmReader"/> and remembered. A printer found behind the
/// agent is trusted for <see cref="Lifetime"/>; a printer not behind it is read again after <see cref="RecheckAfter"/>,
/// so a printer registered a moment ago works at once, and a spoofing agent costs at most one read a second per printer
/// id. <see cref="Forget"/> drops one printer at once (registration calls it). A printer's agent does not change once it
/// is registered, so the lifetime only bounds how long this coordinator trusts a store another one shares; it is a
/// minute, not a few seconds, because every agent publishes about once a second and at 10,000 agents a 5 s lifetime meant
/// 2,000 store reads a second on the broker's publish path.
/// </summary>
public sealed class AgentPrinters
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (string? Agent, long ReadAt)> _seen = new(StringComparer.Ordinal);
    private readonly IFarmReader _reader;
    private readonly TimeProvider _time;

    public AgentPrinters(IFarmReader reader, TimeProvider time)
    {
        _reader = reader;
        _time = time;
    }

    /// <summary>True when the printer is registered with <c>link: agent</c> and <paramref name="agentId"/> as its address.</summary>
    public async ValueTask<bool> IsBehindAsync(string agentId, string printerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(printerId);
        var now = _time.GetTimestamp();
        if (_seen.TryGetValue(printerId, out var hit))
        {
            var age = _time.GetElapsedTime(hit.ReadAt, now);
            if (hit.Agent == agentId && age < Lifetime)
                return true;
            if (hit.Agent != agentId && age < RecheckAfter)
                return false;
        }
        var printer = await _reader.GetPrinterAsync(printerId, cancellationToken).ConfigureAwait(false);
        var agent = printer is { LinkKind: LinkKind.Agent } ? printer.LinkAddress : null;
        if (_seen.Count >= MaxEntries)
            _seen.Clear();
        _seen[printerId] = (agent, now);
        return agent == agentId;
    }

    /// <summary>Reads this printer from the store on its next use.</summary>
    public void Forget(string printerId)
    {
        if (printerId is not null)
            _seen.TryRemove(printerId, out _);
    }
}
