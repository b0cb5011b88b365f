using System.Globalization;
using System.Net;
using MQTTnet;
using MQTTnet.Formatter;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// How the coordinator itself connects to MQTT, whichever broker is in use: the embedded one (over loopback to its bound
/// port, as <see cref="CoordinatorIdentity"/>) or the external one from <c>mqtt.external</c> / <c>--mqtt</c> (its host,
/// port, TLS and credentials). A singleton in the coordinator's services.
/// </summary>
public sealed class CoordinatorMqttOptions
{
    private readonly MqttConfig _config;
    private readonly CoordinatorIdentity _identity;
    private readonly BrokerStatus _status;

    public CoordinatorMqttOptions(ServeOptions options, CoordinatorIdentity identity, BrokerStatus status)
    {
        ArgumentNullException.ThrowIfNull(options);
        _config = options.Mqtt;
        _identity = identity;
        _status = status;
        Topics = new Topics(options.Mqtt.Prefix);
    }

    /// <summary>False when MQTT is turned off (<c>mqtt.enabled: false</c> and no external broker): there is nothing to connect to.</summary>
    public bool Enabled => _status.Mode != BrokerMode.Disabled;

    public BrokerMode Mode => _status.Mode;

    /// <summary>The contract's topics under the configured prefix.</summary>
    public Topics Topics { get; }

    /// <summary>
    /// Client options for the coordinator: MQTT 5, clean session, 15 s keep-alive, 10 s timeouts. Use a client id of your
    /// own; the broker decides who the client is by its user name only.
    /// </summary>
    public MqttClientOptions Build(string clientId) => CreateBuilder(clientId).Build();

    /// <summary>The same as <see cref="Build"/>, as a builder to add to (a will, other timeouts).</summary>
    public MqttClientOptionsBuilder CreateBuilder(string clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        switch (_status.Mode)
        {
            case BrokerMode.Embedded:
                return builder.WithTcpServer(LoopbackHost(), _status.Port ?? _config.Port).WithCredentials(CoordinatorIdentity.UserName, _identity.Password);
            case BrokerMode.External:
                var external = _status.External!;
                builder.WithTcpServer(external.Host, external.Port);
                if (external.UseTls)
                    builder.WithTlsOptions(tls => tls.UseTls(true).WithTargetHost(external.Host));
                if (external.UserName is not null)
                    builder.WithCredentials(external.UserName, external.Password ?? "");
                return builder;
            default:
                throw new InvalidOperationException("MQTT is turned off (mqtt.enabled is false and no mqtt.external is set)");
        }
    }

    /// <summary>
    /// The broker address to give an agent, as <c>mqtt://host:port</c> or <c>mqtts://host:port</c> (the TLS port when the
    /// embedded broker has one); null when MQTT is off. <paramref name="requestHost"/> (the host name the caller reached
    /// the API by) stands in for a broker bound to all addresses.
    /// </summary>
    public string? BrokerUrlForAgents(string? requestHost)
    {
        switch (_status.Mode)
        {
            case BrokerMode.External:
                return _status.External!.PublicUrl;
            case BrokerMode.Embedded:
                var bind = IPAddress.Parse(_config.Bind);
                var host = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any)
                    ? (string.IsNullOrWhiteSpace(requestHost) ? "127.0.0.1" : requestHost)
                    : bind.ToString();
                if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
                    host = $"[{host}]";
                var tls = _status.TlsPort ?? _config.TlsPort;
                return tls is { } tlsPort
                    ? $"mqtts://{host}:{tlsPort.ToString(CultureInfo.InvariantCulture)}"
                    : $"mqtt://{host}:{(_status.Port ?? _config.Port).ToString(CultureInfo.InvariantCulture)}";
            default:
                return null;
        }
    }

    private string LoopbackHost()
    {
        var bind = IPAddress.Parse(_config.Bind);
        if (bind.Equals(IPAddress.Any))
            return IPAddress.Loopback.ToString();
        if (bind.Equals(IPAddress.IPv6Any))
            return IPAddress.IPv6Loopback.ToString();
        return bind.ToString();
    }
}
