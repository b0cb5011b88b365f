using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>
/// A scripted agent at the edge of the process: a plain MQTT client with an agent's credentials that publishes
/// what the test tells it to and records the commands it receives.
/// </summary>
public sealed class FakeAgent : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Topics _topics = new();

    private FakeAgent(string agentId) => AgentId = agentId;

    public string AgentId { get; }

    public ConcurrentQueue<(string Topic, string Payload)> Received { get; } = new();

    public static async Task<FakeAgent> ConnectAsync(string host, int port, string username, string password, params string[] printerIds)
    {
        var agent = new FakeAgent(username);
        agent._client.ApplicationMessageReceivedAsync += e =>
        {
            agent.Received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await agent._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(username)
            .WithCredentials(username, password)
            .WithWillTopic(agent._topics.Online(username)).WithWillPayload("false"u8.ToArray()).WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        foreach (var id in printerIds)
        {
            await agent._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(agent._topics.Commands(id), MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }
        await agent.PublishRawAsync(agent._topics.Online(username), "true", retain: true);
        return agent;
    }

    public Task PublishRawAsync(string topic, string payload, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public Task StateAsync(string printerId, string status, long? jobId = null, double progress = 0) =>
        PublishRawAsync(_topics.State(printerId), Encoding.UTF8.GetString(MqttJson.Serialize(
            new PrinterStateMessage(status, null, jobId, progress, DateTimeOffset.UtcNow))), retain: true);

    public Task EventAsync(string printerId, PrinterEventMessage e) =>
        PublishRawAsync(_topics.Events(printerId), Encoding.UTF8.GetString(MqttJson.Serialize(e)));

    public async Task<JsonElement> WaitForCommandAsync(string printerId, string type, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            foreach (var (topic, payload) in Received)
            {
                if (topic != _topics.Commands(printerId))
                    continue;
                var json = JsonDocument.Parse(payload).RootElement;
                if (json.GetProperty("type").GetString() == type)
                    return json.Clone();
            }
            await Task.Delay(100);
        }
        Assert.Fail($"no {type} command for {printerId} within {timeout.TotalSeconds:0} s; received: {string.Join(" | ", Received.Select(r => r.Topic))}");
        return default;
    }

    /// <summary>Drops the connection without a clean disconnect, so the broker publishes the last will.</summary>
    public void Vanish() => _client.Dispose();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }
        catch (ObjectDisposedException)
        {
            // Already vanished.
        }
        _client.Dispose();
    }
}
