using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// MQTTnet's connection check does not show a client's last will. This server adapter wraps each connection's channel
/// and keeps its CONNECT packet, so the check can refuse an agent whose will would go to another topic
/// (<see cref="ConnectPacketOf"/>). Everything else passes through unchanged.
/// </summary>
internal sealed class ConnectPacketCapture : IMqttServerAdapter
{
    private readonly IMqttServerAdapter _inner;

    public ConnectPacketCapture(IMqttServerAdapter inner) => _inner = inner;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>The CONNECT packet read on this channel, or null when the channel is not one of ours.</summary>
    public static MqttConnectPacket? ConnectPacketOf(IMqttChannelAdapter? channel) => (channel as Channel)?.ConnectPacket;

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _inner.ClientHandler = channel => ClientHandler is { } handler ? handler(new Channel(channel)) : Task.CompletedTask;
        return _inner.StartAsync(options, logger);
    }

    public Task StopAsync() => _inner.StopAsync();

    public void Dispose() => _inner.Dispose();

    private sealed class Channel : IMqttChannelAdapter
    {
        private readonly IMqttChannelAdapter _inner;

        public Channel(IMqttChannelAdapter inner) => _inner = inner;

        public MqttConnectPacket? ConnectPacket { get; private set; }

        public long BytesReceived => _inner.BytesReceived;

        public long BytesSent => _inner.BytesSent;

        public X509Certificate2 ClientCertificate => _inner.ClientCertificate;

        public EndPoint RemoteEndPoint => _inner.RemoteEndPoint;

        public EndPoint LocalEndPoint => _inner.LocalEndPoint;

        public bool IsSecureConnection => _inner.IsSecureConnection;

        public MqttPacketFormatterAdapter PacketFormatterAdapter => _inner.PacketFormatterAdapter;

        public Task ConnectAsync(CancellationToken cancellationToken) => _inner.ConnectAsync(cancellationToken);

        public Task DisconnectAsync(CancellationToken cancellationToken) => _inner.DisconnectAsync(cancellationToken);

        public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
        {
            var packet = await _inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
            if (ConnectPacket is null && packet is MqttConnectPacket connect)
                ConnectPacket = connect;
            return packet;
        }

        public void ResetStatistics() => _inner.ResetStatistics();

        public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => _inner.SendPacketAsync(packet, cancellationToken);

        // The listener that made the inner channel disposes it.
        public void Dispose()
        {
        }
    }
}
