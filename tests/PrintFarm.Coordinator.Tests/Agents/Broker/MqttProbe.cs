using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
namespace PrintFarm.Coordinator.Tests.Agents.Broker;

/// <summary>A real MQTTnet client for the broker tests: connects, publishes, subscribes, and keeps what it receives.</summary>
internal sealed class MqttProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<MqttApplicationMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private MqttProbe(IMqttClient client)
    {
        Client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Enqueue(e.ApplicationMessage);
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public IReadOnlyCollection<MqttApplicationMessage> Received => _received.ToArray();

    public static MqttClientOptionsBuilder Options(string host, int port, string? user, string? password, string? clientId = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId ?? (user is null or PrintFarm.Coordinator.Agents.Broker.CoordinatorIdentity.UserName ? $"probe-{Guid.NewGuid():N}" : user))
            .WithProtocolVersion(version)
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null)
            builder.WithCredentials(user, password ?? "");
        return builder;
    }

    public static async Task<MqttProbe> ConnectAsync(MqttClientOptions options)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var probe = new MqttProbe(client);
        try
        {
            var result = await client.ConnectAsync(options, Timeout());
            Assert.That(result.ResultCode, Is.EqualTo(MqttClientConnectResultCode.Success), result.ReasonString);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return probe;
    }

    /// <summary>Connects and returns the broker's answer: Success, or the refusal's code.</summary>
    public static async Task<MqttClientConnectResultCode> TryConnectAsync(MqttClientOptions options)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(options, Timeout());
            if (result.ResultCode == MqttClientConnectResultCode.Success)
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), Timeout());
            return result.ResultCode;
        }
        catch (MqttConnectingFailedException ex)
        {
            foreach (var code in Enum.GetValues<MqttClientConnectResultCode>().Where(c => c != MqttClientConnectResultCode.Success))
            {
                if (ex.Message.Contains(code.ToString(), StringComparison.Ordinal))
                    return code;
            }
            throw;
        }
    }

    public async Task<MqttClientPublishResult> PublishAsync(string topic, string payload, bool retain = false,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        await PublishAsync(topic, Encoding.UTF8.GetBytes(payload), retain, qos);

    public async Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain = false,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).WithQualityOfServiceLevel(qos).Build();
        return await Client.PublishAsync(message, Timeout());
    }

    /// <summary>Subscribes and returns the broker's answer for the filter.</summary>
    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var options = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(qos)).Build();
        var result = await Client.SubscribeAsync(options, Timeout());
        return result.Items.Single().ResultCode;
    }

    /// <summary>The first message on <paramref name="topic"/> (received before or within <paramref name="within"/>), or null.</summary>
    public async Task<MqttApplicationMessage?> WaitForAsync(string topic, TimeSpan within, Func<MqttApplicationMessage, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var found = _received.FirstOrDefault(m => m.Topic == topic && (match is null || match(m)));
            if (found is not null)
                return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                return null;
            await _arrived.WaitAsync(left);
        }
    }

    public static string Text(MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
                await Client.DisconnectAsync(new MqttClientDisconnectOptions(), Timeout());
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // Already gone.
        }
        Client.Dispose();
        _arrived.Dispose();
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token;
}
