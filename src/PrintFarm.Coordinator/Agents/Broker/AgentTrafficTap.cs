using System.Buffers;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// The embedded broker hands agents' printer states and events straight to the coordinator's own bridge in the same
/// process, instead of routing them. MQTTnet routes a publish by checking it against every session that subscribes to
/// anything, and every agent subscribes to its commands, so routing costs grow with the number of agents connected: at
/// thousands of agents, each publishing once a second, that scan is most of the coordinator's CPU. Through the tap a
/// publish still passes the broker's login and topic ACL, is still kept as the topic's retained message, and is acknowledged
/// as before; only the scan and the loopback hop to the bridge are skipped.
/// <para>
/// The tap is used only while the bridge is attached and nobody else listens to those topics: once a client other than
/// the bridge subscribes to a filter that may match a printer's <c>state</c> or <c>events</c> (a wildcard, or a filter
/// ending in one of them), the broker routes every publish again, for as long as it runs.
/// </para>
/// </summary>
public sealed class AgentTrafficTap
{
    private readonly string _printersHead;
    private volatile Attachment? _attachment;
    private volatile bool _othersListen;

    public AgentTrafficTap(Topics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _printersHead = topics.Prefix + "/printers/";
    }

    /// <summary>True once a client other than the bridge subscribed to a filter that may match agents' states or events.</summary>
    public bool OthersListen => _othersListen;

    /// <summary>
    /// The bridge takes agents' states and events through <paramref name="receive"/> (topic, payload; the payload is only
    /// valid during the call). <paramref name="clientId"/> is the bridge's MQTT client id, whose own subscriptions do not
    /// count as someone else listening.
    /// </summary>
    public void Attach(string clientId, Action<string, ReadOnlySequence<byte>> receive) => _attachment = new Attachment(clientId, receive);

    public void Detach() => _attachment = null;

    /// <summary>The broker saw a subscription accepted.</summary>
    public void Subscribed(string? clientId, string filter)
    {
        if (_othersListen || string.IsNullOrEmpty(filter))
            return;
        if (_attachment is { } a && clientId == a.ClientId)
            return;
        if (filter.Contains('+', StringComparison.Ordinal) || filter.Contains('#', StringComparison.Ordinal)
            || filter.EndsWith("/state", StringComparison.Ordinal) || filter.EndsWith("/events", StringComparison.Ordinal))
            _othersListen = true;
    }

    /// <summary>Whether a publish on <paramref name="topic"/> (already allowed by the ACL) goes to the bridge directly.</summary>
    public bool Takes(string topic) =>
        _attachment is not null && !_othersListen && topic.StartsWith(_printersHead, StringComparison.Ordinal)
        && (topic.EndsWith("/state", StringComparison.Ordinal) || topic.EndsWith("/events", StringComparison.Ordinal));

    /// <summary>Hands a publish to the bridge; false when the bridge detached meanwhile.</summary>
    public bool Deliver(string topic, ReadOnlySequence<byte> payload)
    {
        if (_attachment is not { } a)
            return false;
        a.Receive(topic, payload);
        return true;
    }

    private sealed record Attachment(string ClientId, Action<string, ReadOnlySequence<byte>> Receive);
}
