using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using PrintFarm.Wire;
namespace PrintFarm.Agent.Tests.Support;

/// <summary>One message as a subscriber saw it.</summary>
internal sealed record Seen(string Topic, string Payload, bool Retain)
{
    public JsonElement Json => JsonDocument.Parse(Payload).RootElement.Clone();
}

/// <summary>A subscriber to everything under the prefix, recording what arrives, that also sends commands.</summary>
internal sealed class Watcher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly int _port;
    private readonly string _id;

    private Watcher(int port, string id)
    {
        _port = port;
        _id = id;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _seen.Enqueue(new Seen(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public Topics Topics { get; } = new();

    public static async Task<Watcher> ConnectAsync(int port, string id = "watcher")
    {
        var watcher = new Watcher(port, id);
        await watcher.ReconnectAsync();
        return watcher;
    }

    public async Task ReconnectAsync()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _port)
            .WithClientId(_id)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .Build();
        await _client.ConnectAsync(options);
        await _client.SubscribeAsync(Topics.Prefix + "/#", MqttQualityOfServiceLevel.AtLeastOnce);
    }

    public IReadOnlyList<Seen> Seen => [.. _seen];

    public IReadOnlyList<Seen> On(string topic) => Seen.Where(s => s.Topic == topic).ToList();

    public IReadOnlyList<JsonElement> Events(string printer) => On(Topics.Events(printer)).Select(s => s.Json).ToList();

    public IReadOnlyList<JsonElement> Acks(string printer, string commandId) =>
        On(Topics.Acks(printer)).Select(s => s.Json).Where(a => a.GetProperty("commandId").GetString() == commandId).ToList();

    public async Task SendAsync(string printer, string payload) =>
        await _client.PublishStringAsync(Topics.Commands(printer), payload, MqttQualityOfServiceLevel.AtLeastOnce);

    public async Task SendAsync(string printer, byte[] payload) =>
        await _client.PublishBinaryAsync(Topics.Commands(printer), payload, MqttQualityOfServiceLevel.AtLeastOnce);

    public Task SendAsync(string printer, CommandMessage command) => SendAsync(printer, MqttJson.Serialize(command));

    /// <summary>Waits for the answer to a command and returns it.</summary>
    public async Task<JsonElement> AckAsync(string printer, string commandId, int count = 1, double seconds = 20)
    {
        await Eventually(() => Acks(printer, commandId).Count >= count, seconds, $"ack #{count} of {commandId}");
        return Acks(printer, commandId)[count - 1];
    }

    public static async Task Eventually(Func<bool> condition, double seconds, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                Assert.Fail($"not within {seconds:0} s: {what}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
            await _client.TryDisconnectAsync();
        _client.Dispose();
    }
}
