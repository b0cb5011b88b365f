using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Polly;
using PrintFarm.Daemon.Resilience;
using Polly.Retry;
using PrintFarm.Daemon.Mqtt.Broker;
using PrintFarm.Daemon.Serve;
using PrintFarm.Daemon.Serve.Configuration;

namespace PrintFarm.Daemon.Mqtt.Bridge;

/// <summary>
/// The coordinator's side of the MQTT contract. It maps agents' retained states and events into the farm
/// (printer states, job starts, progress, completions, failures), sends start-job and control commands, and
/// takes an agent's printers offline once the agent has been away (last will, or silence) for the grace period.
/// A message that breaks the contract is logged and dropped; nothing a message says can stop the bridge.
/// </summary>
internal sealed partial class AgentBridge : BackgroundService
{
    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest wait between tries to reach a broker that went away. The farm is blind to every agent until the
    /// bridge is back, and it is one client, so it tries often: after a long outage it is back within seconds of the
    /// broker, not half a minute later.
    /// </summary>
    private static readonly TimeSpan ReconnectMaxDelay = TimeSpan.FromSeconds(5);

    private readonly CoordinatorMqttOptions _mqtt;
    private readonly AgentStateMapper _mapper;
    private readonly Topics _topics;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentBridge> _log;
    private readonly ResiliencePipeline _reconnect;
    private readonly ConcurrentDictionary<string, byte> _sentStarts = new(StringComparer.Ordinal);
    private IMqttClient? _client;
    private long _dropped;

    public AgentBridge(CoordinatorMqttOptions mqtt, AgentStateMapper mapper, ServeOptions options, TimeProvider time, ILogger<AgentBridge> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mqtt = mqtt;
        _mapper = mapper;
        _topics = new Topics(options.Mqtt.Prefix);
        _time = time;
        _log = log;
        _reconnect = ReconnectBackoff.Create(time, ReconnectMaxDelay,
            (_, wait, error) => LogReconnect(_log, wait.TotalSeconds, error?.Message ?? ""));
    }

    /// <summary>Messages dropped for breaking the contract, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsConnected => _client?.IsConnected == true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e.ApplicationMessage);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _reconnect.ExecuteAsync(async ct => await ConnectAsync(client, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                while (client.IsConnected && !stoppingToken.IsCancellationRequested)
                {
                    await SendStartsAsync(client, stoppingToken).ConfigureAwait(false);
                    await _mapper.TakeAwayAgentsOfflineAsync(stoppingToken).ConfigureAwait(false);
                    await Task.Delay(LookInterval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The bridge outlives any one failure; the loop connects again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopFailed(_log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
        }
        if (client.IsConnected)
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ConnectAsync(IMqttClient client, CancellationToken ct)
    {
        if (client.IsConnected)
            return;
        // A session that outlives a reconnect, so the broker keeps the agents' QoS 1 events meanwhile.
        var options = _mqtt.CreateBuilder($"printfarm-coordinator-{Environment.ProcessId}").WithCleanSession(false).WithSessionExpiryInterval(3600).Build();
        await client.ConnectAsync(options, ct).ConfigureAwait(false);
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{_topics.Prefix}/agents/+/online", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"{_topics.Prefix}/printers/+/state", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"{_topics.Prefix}/printers/+/events", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"{_topics.Prefix}/printers/+/acks", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await client.SubscribeAsync(subscribe, ct).ConfigureAwait(false);
        // A reconnect may follow a broker restart that lost the commands in flight: send the starts again
        // (same command ids, so an agent that ran one only acknowledges it).
        _sentStarts.Clear();
        LogConnected(_log);
    }

    private async Task OnMessageAsync(MqttApplicationMessage message)
    {
        try
        {
            var payload = message.Payload.Length <= MqttJson.MaxPayloadBytes ? message.Payload.ToArray() : null;
            if (payload is null)
                throw new MqttPayloadException($"payload of {message.Payload.Length} bytes is over the {MqttJson.MaxPayloadBytes}-byte limit");
            if (_topics.TryParseOnlineTopic(message.Topic, out var agentId))
            {
                _mapper.OnOnline(agentId, payload);
                return;
            }
            if (!_topics.TryParsePrinterTopic(message.Topic, out var printerId, out var leaf))
                throw new MqttPayloadException("not a topic of the contract");
            switch (leaf)
            {
                case "state":
                    await _mapper.OnStateAsync(printerId, MqttJson.Parse<PrinterStateMessage>(payload)).ConfigureAwait(false);
                    break;
                case "events":
                    await _mapper.OnEventAsync(printerId, MqttJson.Parse<PrinterEventMessage>(payload)).ConfigureAwait(false);
                    break;
                case "acks":
                    var ack = MqttJson.Parse<AckMessage>(payload);
                    if (!ack.Ok)
                        LogRefusedCommand(_log, printerId, ack.CommandId, ack.Error ?? "");
                    break;
            }
        }
        catch (MqttPayloadException ex)
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(_log, message.Topic, ex.Message);
        }
#pragma warning disable CA1031 // One message's failure never stops the bridge.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _dropped);
            LogMessageFailed(_log, message.Topic, ex);
        }
    }

    /// <summary>Start-job for every job assigned to an agent's printer, once per attempt (the command id names the attempt).</summary>
    private async Task SendStartsAsync(IMqttClient client, CancellationToken ct)
    {
        foreach (var start in await _mapper.PendingStartsAsync(ct).ConfigureAwait(false))
        {
            if (!_sentStarts.TryAdd(start.Command.CommandId, 0))
                continue;
            await PublishCommandAsync(client, start.PrinterId, start.Command, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a control command (pause, resume, cancel, emergency-stop, gcode) to an agent's printer.</summary>
    public async Task<bool> SendAsync(string printerId, CommandMessage command, CancellationToken ct)
    {
        if (_client is not { IsConnected: true } client)
            return false;
        await PublishCommandAsync(client, printerId, command, ct).ConfigureAwait(false);
        return true;
    }

    private Task<MqttClientPublishResult> PublishCommandAsync(IMqttClient client, string printerId, CommandMessage command, CancellationToken ct) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Commands(printerId))
            .WithPayload(MqttJson.Serialize(command))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT bridge connected")]
    private static partial void LogConnected(ILogger log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT bridge cannot reach the broker; next try in {Seconds:0.0} s: {Reason}")]
    private static partial void LogReconnect(ILogger log, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT bridge loop failed; it connects again")]
    private static partial void LogLoopFailed(ILogger log, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dropped a message on {Topic}: {Reason}")]
    private static partial void LogDropped(ILogger log, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "a message on {Topic} failed; dropped")]
    private static partial void LogMessageFailed(ILogger log, string topic, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Printer} refused command {Command}: {Error}")]
    private static partial void LogRefusedCommand(ILogger log, string printer, string command, string error);
}
