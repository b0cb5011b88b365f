using MQTTnet;
using PrintFarm.Daemon.Serve.Configuration;

namespace PrintFarm.Daemon.Mqtt.Bridge;

/// <summary>The coordinator's client options: the embedded broker on loopback with the in-process identity, or the external broker's URL.</summary>
internal sealed class BridgeMqttOptions : ICoordinatorMqttOptions
{
    private readonly ServeOptions _options;
    private readonly CoordinatorIdentity _identity;

    public BridgeMqttOptions(ServeOptions options, CoordinatorIdentity identity)
    {
        _options = options;
        _identity = identity;
    }

    public MqttClientOptions Build(string clientId)
    {
        var builder = new MqttClientOptionsBuilder().WithClientId(clientId).WithCleanSession(false).WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(10)).WithKeepAlivePeriod(TimeSpan.FromSeconds(15));
        if (_options.Mqtt.External is { } external)
        {
            var uri = new Uri(external);
            var user = uri.UserInfo.Split(':', 2);
            builder = builder.WithTcpServer(uri.Host, uri.Port > 0 ? uri.Port : uri.Scheme == "mqtts" ? 8883 : 1883)
                .WithCredentials(Uri.UnescapeDataString(user[0]), user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "");
            if (uri.Scheme == "mqtts")
                builder = builder.WithTlsOptions(o => o.UseTls());
            return builder.Build();
        }
        var host = _options.Mqtt.Bind is "0.0.0.0" or "::" or "*" ? "127.0.0.1" : _options.Mqtt.Bind;
        return builder.WithTcpServer(host, _options.Mqtt.Port).WithCredentials(CoordinatorIdentity.UserName, _identity.Password).Build();
    }
}
