using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;
namespace PrintFarm.Agent.Tests.Support;

/// <summary>A plain MQTTnet broker on a loopback port, no ACL; it can be stopped and started again on the same port.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private MqttServer? _server;

    private TestBroker(int port) => Port = port;

    public int Port { get; }

    /// <summary>While set, only clients whose id passes may connect (the others are told the server is unavailable).</summary>
    public Func<string, bool>? Admit { get; set; }

    public static async Task<TestBroker> StartAsync()
    {
        var broker = new TestBroker(FreePort());
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>A new broker process on the same port: no sessions, no retained messages.</summary>
    public async Task StartAgainAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .WithDefaultEndpointReuseAddress()
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        server.ValidatingConnectionAsync += e =>
        {
            if (Admit is { } admit && !admit(e.ClientId))
                e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            return Task.CompletedTask;
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await server.StartAsync();
                break;
            }
            catch (SocketException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
        _server = server;
    }

    public async Task StopAsync()
    {
        if (_server is not { } server)
            return;
        _server = null;
        await server.StopAsync(new MqttServerStopOptionsBuilder().Build());
        server.Dispose();
    }

    public string Url(string agentId, string key) => BrokerAddress.Format(false, "127.0.0.1", Port, agentId, key);

    public async ValueTask DisposeAsync() => await StopAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
