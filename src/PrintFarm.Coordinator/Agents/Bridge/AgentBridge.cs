using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Polly;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Printing.Connection;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>
/// The coordinator's side of the MQTT contract. It maps agents' retained states and events into the farm
/// (printer states, job starts, progress, completions, failures), sends start-job and control commands, and
/// takes an agent's printers offline once the agent has been away (last will, or silence) for the grace period.
/// A message that breaks the contract is logged and dropped; nothing a message says can stop the bridge.
/// <para>
/// The MQTT client hands over messages one at a time, so its handler only sorts them: each printer's states and events
/// go to that printer's mailbox, in arrival order, and a few workers take printers whose mailbox has work, one worker a
/// printer at a time. One printer's messages are therefore handled in the order they came, while different printers'
/// store reads and writes run side by side. A state waiting behind a newer state of the same printer is replaced by it
/// (a retained state says how the printer is now; the older one is already out of date), so a backlog cannot grow
/// past one state a printer plus its events.
/// </para>
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
    private readonly AgentTrafficTap? _tap;
    private readonly string _clientId = $"printfarm-coordinator-{Environment.ProcessId}";
    private readonly ConcurrentDictionary<string, byte> _sentStarts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.Ordinal);
    private readonly System.Threading.Channels.Channel<Mailbox> _due = System.Threading.Channels.Channel.CreateUnbounded<Mailbox>(
        new System.Threading.Channels.UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private IMqttClient? _client;
    private long _dropped;
    private long _replaced;

    public AgentBridge(CoordinatorMqttOptions mqtt, AgentStateMapper mapper, ServeOptions options, TimeProvider time, ILogger<AgentBridge> log, AgentTrafficTap? tap = null)
    {
        _tap = tap;
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

    /// <summary>States replaced in a mailbox by a newer one of the same printer before they were handled, since start.</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Workers handling printers' mailboxes: enough to use the cores while one waits on the store.</summary>
    private static int Workers => Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)).ToList();
        // Beside the embedded broker, agents' states and events come straight from it (AgentTrafficTap); the subscription
        // below still brings the retained states after each (re)connect, and everything while others listen too.
        if (_mqtt.Mode == BrokerMode.Embedded)
            _tap?.Attach(_clientId, Receive);
        try
        {
            await RunClientAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _tap?.Detach();
            _due.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    private async Task RunClientAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            Receive(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
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
        var options = _mqtt.CreateBuilder(_clientId).WithCleanSession(false).WithSessionExpiryInterval(3600).Build();
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

    /// <summary>
    /// On the MQTT client's receive loop (or the embedded broker's, through the tap): checks the size and the topic, takes
    /// online flags and acks at once, and puts a printer's state or event in that printer's mailbox.
    /// </summary>
    private void Receive(string topic, ReadOnlySequence<byte> message)
    {
        try
        {
            if (message.Length > MqttJson.MaxPayloadBytes)
                throw new MqttPayloadException($"payload of {message.Length} bytes is over the {MqttJson.MaxPayloadBytes}-byte limit");
            var payload = message.ToArray();
            if (_topics.TryParseOnlineTopic(topic, out var agentId))
            {
                _mapper.OnOnline(agentId, payload);
                return;
            }
            if (!_topics.TryParsePrinterTopic(topic, out var printerId, out var leaf))
                throw new MqttPayloadException("not a topic of the contract");
            switch (leaf)
            {
                case "state":
                case "events":
                    Post(printerId, new Inbound(topic, leaf == "state", payload, _time.GetUtcNow()));
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
            LogDropped(_log, topic, ex.Message);
        }
#pragma warning disable CA1031 // One message's failure never stops the bridge.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _dropped);
            LogMessageFailed(_log, topic, ex);
        }
    }

    private void Post(string printerId, Inbound item)
    {
        while (true)
        {
            var box = _mailboxes.GetOrAdd(printerId, static id => new Mailbox(id));
            bool schedule;
            lock (box)
            {
                // A mailbox emptied and let go by its worker takes no more mail: the next message makes a new one.
                if (box.Retired)
                    continue;
                if (item.IsState && box.Items.Last is { Value.IsState: true } waiting)
                {
                    waiting.Value = item;
                    Interlocked.Increment(ref _replaced);
                }
                else
                {
                    box.Items.AddLast(item);
                }
                schedule = !box.Scheduled;
                box.Scheduled = true;
            }
            if (schedule)
                _due.Writer.TryWrite(box);
            return;
        }
    }

    /// <summary>One worker: takes a printer with mail and handles a few of its messages in order, then the next printer.</summary>
    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        const int Turn = 16;
        try
        {
            await foreach (var box in _due.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var more = true;
                for (var n = 0; n < Turn && more; n++)
                {
                    Inbound item;
                    lock (box)
                    {
                        if (box.Items.First is not { } first)
                        {
                            box.Retired = true;
                            _mailboxes.TryRemove(new KeyValuePair<string, Mailbox>(box.PrinterId, box));
                            more = false;
                            continue;
                        }
                        item = first.Value;
                        box.Items.RemoveFirst();
                    }
                    await HandleAsync(box.PrinterId, item).ConfigureAwait(false);
                }
                if (more)
                    _due.Writer.TryWrite(box);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(string printerId, Inbound item)
    {
        try
        {
            if (item.IsState)
                await _mapper.OnStateAsync(printerId, MqttJson.Parse<PrinterStateMessage>(item.Payload), item.ReceivedAt).ConfigureAwait(false);
            else
                await _mapper.OnEventAsync(printerId, MqttJson.Parse<PrinterEventMessage>(item.Payload), item.ReceivedAt).ConfigureAwait(false);
        }
        catch (MqttPayloadException ex)
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(_log, item.Topic, ex.Message);
        }
#pragma warning disable CA1031 // One message's failure never stops the bridge.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _dropped);
            LogMessageFailed(_log, item.Topic, ex);
        }
    }

    /// <summary>A state or event as it came, with when the bridge got it.</summary>
    private sealed record Inbound(string Topic, bool IsState, byte[] Payload, DateTimeOffset ReceivedAt);

    /// <summary>One printer's messages waiting, oldest first; <see cref="Scheduled"/> while a worker has it or it waits for one.</summary>
    private sealed class Mailbox(string printerId)
    {
        public string PrinterId { get; } = printerId;

        public LinkedList<Inbound> Items { get; } = new();

        public bool Scheduled { get; set; }

        public bool Retired { get; set; }
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
}
