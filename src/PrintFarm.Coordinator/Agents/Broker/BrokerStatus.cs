using PrintFarm.Coordinator.Health;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// What <c>/healthz</c> says of MQTT: the embedded broker listening (with how many clients), an external broker in use,
/// MQTT turned off, or why the embedded broker is not listening.
/// </summary>
public sealed class BrokerStatus : IBrokerHealth
{
    private int _clients;
    private volatile string? _failure;
    private volatile bool _listening;

    private BrokerStatus(BrokerMode mode, MqttEndpoint? external)
    {
        Mode = mode;
        External = external;
    }

    public BrokerMode Mode { get; }

    /// <summary>The external broker, when <see cref="Mode"/> is <see cref="BrokerMode.External"/>.</summary>
    public MqttEndpoint? External { get; }

    /// <summary>The embedded broker accepts connections.</summary>
    public bool Listening => _listening;

    /// <summary>The plain-TCP port the embedded broker listens on, once it does.</summary>
    public int? Port { get; private set; }

    /// <summary>The TLS port the embedded broker listens on, when it has one.</summary>
    public int? TlsPort { get; private set; }

    /// <summary>Clients connected to the embedded broker now, the coordinator's own included.</summary>
    public int ClientsConnected => Volatile.Read(ref _clients);

    int? IBrokerHealth.Clients => Mode == BrokerMode.Embedded ? ClientsConnected : null;

    /// <summary>Why the embedded broker is not listening; null when it is, or has not started yet.</summary>
    public string? Failure => _failure;

    /// <summary>Healthy: listening, external, or turned off.</summary>
    public bool Healthy => Mode != BrokerMode.Embedded || (_listening && _failure is null);

    /// <summary>For <c>/healthz</c>: <c>ok</c>, <c>external: host:port</c>, <c>disabled</c>, <c>starting</c> or <c>failing: why</c>.</summary>
    public string Describe() => Mode switch
    {
        BrokerMode.Disabled => "disabled",
        BrokerMode.External => $"external: {External!.Address}",
        _ when _failure is not null => $"failing: {_failure}",
        _ when _listening => "ok",
        _ => "starting",
    };

    public static BrokerStatus Embedded() => new(BrokerMode.Embedded, null);

    public static BrokerStatus ForExternal(MqttEndpoint endpoint) => new(BrokerMode.External, endpoint ?? throw new ArgumentNullException(nameof(endpoint)));

    public static BrokerStatus Disabled() => new(BrokerMode.Disabled, null);

    internal void Started(int port, int? tlsPort)
    {
        Port = port;
        TlsPort = tlsPort;
        _failure = null;
        _listening = true;
    }

    internal void Stopped() => _listening = false;

    internal void Failed(string reason)
    {
        _listening = false;
        _failure = reason;
    }

    internal void ClientConnected() => Interlocked.Increment(ref _clients);

    internal void ClientDisconnected()
    {
        if (Interlocked.Decrement(ref _clients) < 0)
            Interlocked.Exchange(ref _clients, 0);
    }

    internal void Reset() => Interlocked.Exchange(ref _clients, 0);
}

/// <summary>Which broker the coordinator uses.</summary>
public enum BrokerMode
{
    /// <summary>The MQTTnet broker inside the coordinator (the default).</summary>
    Embedded,

    /// <summary>Mosquitto, EMQX or another broker given as <c>mqtt.external</c> or <c>--mqtt</c>.</summary>
    External,

    /// <summary><c>mqtt.enabled: false</c> and no external broker: no MQTT at all.</summary>
    Disabled,
}
