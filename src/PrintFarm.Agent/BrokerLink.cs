using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using PrintFarm.Printing.Connection;
using PrintFarm.Wire;
namespace PrintFarm.Agent;

/// <summary>What became of one publish.</summary>
internal enum PublishOutcome
{
    /// <summary>The broker took it (for QoS 1: acknowledged it).</summary>
    Delivered,

    /// <summary>The broker answered no (not authorised, say): sending it again will not help.</summary>
    Refused,

    /// <summary>No connection, or it dropped on the way: send it again once connected.</summary>
    Failed,

    /// <summary>
    /// The broker took a message that is not retained but had nobody to give it to ("no matching subscribers"): the
    /// coordinator's subscription is gone, as after a broker restart that lost its sessions, and not back yet. An event
    /// is sent again until the coordinator hears it.
    /// </summary>
    Unheard,
}

/// <summary>
/// The agent's one MQTT connection, made outwards (so it works behind NAT). It logs in as the agent, leaves a
/// retained last will of <c>false</c> on its <c>online</c> topic, subscribes to its printers' <c>commands</c> (QoS 1),
/// lets the printers republish their state, and then says <c>online = true</c> (retained). When the connection drops it
/// connects again through the printers' own <see cref="LinkLoop"/>: exponential back-off with jitter, capped, and a
/// connection that drops at once is held back too (with jitter), so nothing ever spins.
/// </summary>
internal sealed partial class BrokerLink : IAsyncDisposable
{
    private static readonly byte[] True = Encoding.ASCII.GetBytes("true");
    private static readonly byte[] False = Encoding.ASCII.GetBytes("false");

    private readonly AgentOptions _options;
    private readonly Topics _topics;
    private readonly IReadOnlyList<string> _printerIds;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly LinkLoop _loop;
    private readonly Lock _lock = new();
    private TaskCompletionSource _ready = NewSignal();
    private TaskCompletionSource _lost = NewSignal();
    private volatile bool _isReady;
    private volatile bool _leaving;

    public BrokerLink(AgentOptions options, Topics topics, IReadOnlyList<string> printerIds, TimeProvider time, ILogger log)
    {
        _options = options;
        _topics = topics;
        _printerIds = printerIds;
        _time = time;
        _log = log;
        var broker = options.GetBrokerAddress();
        Address = broker;
        AddressText = broker.ToString();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(options.AgentId)
            .WithCredentials(broker.UserName ?? options.AgentId, broker.Password)
            // The broker keeps the subscriptions and the commands sent while the link was down for an hour.
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithMaximumPacketSize(256 * 1024)
            .WithWillTopic(topics.Online(options.AgentId))
            .WithWillPayload(False)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (broker.Tls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(broker.Host);
                if (options.AllowUntrustedBrokerCertificate)
                    tls.WithCertificateValidationHandler(_ => true);
            });
        }
        _clientOptions = builder.Build();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        // The same loop as every printer link: back-off while the broker cannot be reached, and a growing wait when it
        // takes the connection and drops it at once (another agent with the same id, a full broker). The flap wait is
        // jittered so that a broker restart does not bring every agent of a city back in the same second.
        _loop = new LinkLoop(time, TimeSpan.FromSeconds(options.ReconnectMaxSeconds),
            (attempt, wait, error) => LogRetry(_log, AddressText, attempt, wait.TotalSeconds, error?.Message),
            error => LogLinkError(_log, AddressText, error.Message), flapJitter: 0.25);
    }

    public BrokerAddress Address { get; }

    /// <summary>The broker's address without the password, for logs.</summary>
    public string AddressText { get; }

    /// <summary>Connected, subscribed, states republished and <c>online</c> said.</summary>
    public bool IsReady => _isReady;

    /// <summary>How many times the link has come up.</summary>
    public int Connections { get; private set; }

    /// <summary>A message on one of the printers' command topics: the printer's id and the payload (copied).</summary>
    public Action<string, byte[]>? CommandReceived { get; set; }

    /// <summary>Runs after each (re)connect and subscription, before <c>online = true</c> and before events flow.</summary>
    public Func<CancellationToken, Task>? Connected { get; set; }

    /// <summary>Keeps the link up until <paramref name="stop"/>, then leaves cleanly (retained <c>online = false</c>).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await _loop.RunAsync(async ct =>
            {
                await ConnectOnceAsync(ct).ConfigureAwait(false);
                Task lost;
                lock (_lock)
                    lost = _lost.Task;
                await lost.WaitAsync(ct).ConfigureAwait(false);
            }, stop).ConfigureAwait(false);
        }
        finally
        {
            await LeaveAsync().ConfigureAwait(false);
        }
    }

    private async Task ConnectOnceAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_lost.Task.IsCompleted)
                _lost = NewSignal();
        }
        try
        {
            var result = await _client.ConnectAsync(_clientOptions, ct).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new MqttCommunicationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var id in _printerIds)
                subscribe.WithTopicFilter(_topics.Commands(id), MqttQualityOfServiceLevel.AtLeastOnce);
            var granted = await _client.SubscribeAsync(subscribe.Build(), ct).ConfigureAwait(false);
            foreach (var item in granted.Items)
            {
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                    LogSubscribeRefused(_log, item.TopicFilter.Topic, item.ResultCode.ToString());
            }
            if (Connected is { } connected)
                await connected(ct).ConfigureAwait(false);
            if (await PublishAsync(_topics.Online(_options.AgentId), True, retain: true, ct).ConfigureAwait(false) != PublishOutcome.Delivered)
                throw new MqttCommunicationException("the connection was lost while it was being set up");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (_client.IsConnected)
                await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError, "setup failed").ConfigureAwait(false);
            throw;
        }
        Connections++;
        LogConnected(_log, AddressText, _printerIds.Count);
        lock (_lock)
        {
            if (_lost.Task.IsCompleted)
                return;
            _isReady = true;
            _ready.TrySetResult();
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (!e.ClientWasConnected)
            return Task.CompletedTask;
        lock (_lock)
        {
            _isReady = false;
            if (_ready.Task.IsCompleted)
                _ready = NewSignal();
            _lost.TrySetResult();
        }
        if (_leaving)
            LogLeft(_log, AddressText);
        else
            LogDisconnected(_log, AddressText, e.Reason.ToString(), e.Exception?.Message ?? e.ReasonString ?? "");
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (_topics.TryParsePrinterTopic(topic, out var printerId, out var leaf) && leaf == "commands")
        {
            // Copied: the payload's buffer belongs to the client once this handler returns.
            CommandReceived?.Invoke(printerId, e.ApplicationMessage.Payload.ToArray());
        }
        else
            LogUnexpectedTopic(_log, topic);
        return Task.CompletedTask;
    }

    /// <summary>Completes once the link is ready (at once if it is).</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return _isReady ? Task.CompletedTask : _ready.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Publishes with QoS 1; never throws for a lost connection, it says <see cref="PublishOutcome.Failed"/>.</summary>
    public async Task<PublishOutcome> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
            return PublishOutcome.Failed;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.ReasonCode == MqttClientPublishReasonCode.Success)
                return PublishOutcome.Delivered;
            if (result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
                // A retained message waits at the broker for the next subscriber; anything else was thrown away.
                return retain ? PublishOutcome.Delivered : PublishOutcome.Unheard;
            LogPublishRefused(_log, topic, result.ReasonCode.ToString(), result.ReasonString ?? "");
            return PublishOutcome.Refused;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or ObjectDisposedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return PublishOutcome.Failed;
        }
    }

    /// <summary>Says <c>online = false</c> (a clean disconnect does not fire the last will) and disconnects.</summary>
    private async Task LeaveAsync()
    {
        _leaving = true;
        if (!_client.IsConnected)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await PublishAsync(_topics.Online(_options.AgentId), False, retain: true, timeout.Token).ConfigureAwait(false);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Leaving anyway; the broker publishes the last will.
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
