using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;
using PrintFarm.Coordinator.Configuration;
namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// The MQTT broker inside the coordinator (MQTTnet), on <c>mqtt.bind:mqtt.port</c> and optionally a TLS port. Every
/// login, publish, subscription and delivery goes through <see cref="BrokerAccess"/>. It starts before the hosted
/// services registered after it, and a port it cannot take stops the coordinator's start with an
/// <see cref="IOException"/> naming the address.
/// </summary>
public sealed partial class EmbeddedBroker : IHostedService, IAsyncDisposable
{
    private readonly ServeOptions _options;
    private readonly BrokerAccess _access;
    private readonly BrokerStatus _status;
    private readonly RefusalLog _refusals;
    private readonly ILogger<EmbeddedBroker> _logger;
    private readonly TimeProvider _time;
    private readonly AgentTrafficTap? _tap;

    // Client id -> user name of the connection holding it: a client id cannot be taken over by another user, and
    // deliveries are checked against the receiving connection's user.
    private readonly ConcurrentDictionary<string, string> _holders = new(StringComparer.Ordinal);
    private MqttServer? _server;
    private X509Certificate2? _certificate;

    public EmbeddedBroker(ServeOptions options, BrokerAccess access, BrokerStatus status, RefusalLog refusals, TimeProvider time, ILogger<EmbeddedBroker> logger, AgentTrafficTap? tap = null)
    {
        _tap = tap;
        _options = options;
        _access = access;
        _status = status;
        _refusals = refusals;
        _logger = logger;
        _time = time;
    }

    /// <summary>The running server, for tests and diagnostics; null before start and after stop.</summary>
    public MqttServer? Server => _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mqtt = _options.Mqtt;
        var bind = IPAddress.Parse(mqtt.Bind);
        var v6 = bind.AddressFamily == AddressFamily.InterNetworkV6;
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(mqtt.Port)
            .WithDefaultEndpointBoundIPAddress(v6 ? IPAddress.None : bind)
            .WithDefaultEndpointBoundIPV6Address(v6 ? bind : IPAddress.None)
            .WithPersistentSessions(false);
        if (!OperatingSystem.IsWindows())
            builder.WithDefaultEndpointReuseAddress(); // a quick restart is not refused by connections in TIME_WAIT
        if (mqtt.TlsPort is { } tlsPort)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = _certificate = BrokerCertificate.Load(_options);
            }
            catch (BrokerCertificateException ex)
            {
                // Checked when the config was read; the file changed since.
                _status.Failed($"mqtt.certificate: {ex.Message}");
                throw new IOException($"mqtt.certificate: {ex.Message}", ex);
            }
            if (certificate.NotAfter < _time.GetLocalNow().DateTime)
                LogCertificateExpired(_logger, certificate.Subject, certificate.NotAfter);
            builder.WithEncryptedEndpoint()
                .WithEncryptedEndpointPort(tlsPort)
                .WithEncryptedEndpointBoundIPAddress(v6 ? IPAddress.None : bind)
                .WithEncryptedEndpointBoundIPV6Address(v6 ? bind : IPAddress.None)
                .WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            if (!OperatingSystem.IsWindows())
                builder.WithTlsEndpointReuseAddress();
        }
        var serverOptions = builder.Build();
        var adapter = new ConnectPacketCapture(new MqttTcpServerAdapter());
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, [adapter], new MqttNetLog(_logger));
        server.ValidatingConnectionAsync += ValidateAsync;
        server.ClientConnectedAsync += OnConnectedAsync;
        server.ClientDisconnectedAsync += OnDisconnectedAsync;
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        server.InterceptingClientEnqueueAsync += InterceptDeliveryAsync;
        _server = server;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            _server = null;
            server.Dispose();
            _certificate?.Dispose();
            _certificate = null;
            var where = $"{Host(bind)}:{mqtt.Port}{(mqtt.TlsPort is { } t ? $" and TLS port {t}" : "")}";
            var reason = ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"mqtt: cannot listen on {where}: the port is in use (another broker? set mqtt.port, or mqtt.external to use that broker)"
                : $"mqtt: cannot listen on {where}: {ex.Message}";
            _status.Failed(reason);
            throw new IOException(reason, ex);
        }
        _status.Started(serverOptions.DefaultEndpointOptions.Port, mqtt.TlsPort is null ? null : serverOptions.TlsEndpointOptions.Port);
        var address = $"{Host(bind)}:{_status.Port}{(_status.TlsPort is { } p ? $" and TLS on port {p}" : "")}";
        var prefix = _access.Topics.Prefix;
        LogListening(_logger, address, prefix);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is null)
            return;
        _status.Stopped();
        try
        {
            await server.StopAsync(new MqttServerStopOptions()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            server.Dispose();
            _certificate?.Dispose();
            _certificate = null;
            _holders.Clear();
            _status.Reset();
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await StopAsync(timeout.Token).ConfigureAwait(false);
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        var connect = ConnectPacketCapture.ConnectPacketOf(e.ChannelAdapter);
        var willTopic = connect is { WillFlag: true } ? connect.WillTopic ?? "" : null;
        var remote = (e.RemoteEndPoint as IPEndPoint)?.Address;
        LoginResult login;
        try
        {
            login = await _access.LoginAsync(e.UserName, e.Password, remote, willTopic, e.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckFailed(_logger, ex, "the login", e.UserName);
            login = LoginResult.Refuse(MqttConnectReasonCode.ServerUnavailable, "the login cannot be checked now");
        }
        if (!login.Accepted)
        {
            Refuse(e, login.ReasonCode, login.Reason!, remote);
            return;
        }
        var user = login.Identity!.UserName;
        var clientId = e.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            // MQTT 5 lets the server name a client that sent no id; an agent is named by its own id.
            clientId = login.Identity.IsCoordinator ? $"{user}-{Guid.NewGuid():N}" : user;
            e.AssignedClientIdentifier = clientId;
        }
        else if (!login.Identity.IsCoordinator && clientId != user)
        {
            // An agent's client id is its agent id, so that no agent can hold, or take over, another's session.
            Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, $"an agent's client id must be its agent id \"{user}\", not \"{clientId}\"", remote);
            return;
        }
        if (_holders.TryGetValue(clientId, out var holder) && holder != user && await IsConnectedAsync(clientId).ConfigureAwait(false))
        {
            Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, $"client id \"{clientId}\" is in use by another user", remote);
            return;
        }
        _holders[clientId] = user;
    }

    private void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason, IPAddress? remote)
    {
        e.ReasonCode = code;
        e.ReasonString = reason;
        _refusals.Refused(string.IsNullOrEmpty(e.UserName) ? $"{remote}" : $"{e.UserName}@{remote}", $"login refused ({code}): {reason}");
    }

    private async Task<bool> IsConnectedAsync(string clientId)
    {
        var server = _server;
        if (server is null)
            return false;
        var clients = await server.GetClientsAsync().ConfigureAwait(false);
        return clients.Any(c => c.Id == clientId);
    }

    private Task OnConnectedAsync(ClientConnectedEventArgs e)
    {
        _status.ClientConnected();
        if (!string.IsNullOrEmpty(e.ClientId) && !string.IsNullOrEmpty(e.UserName))
            _holders[e.ClientId] = e.UserName;
        LogConnected(_logger, e.UserName, e.ClientId, e.RemoteEndPoint);
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        _status.ClientDisconnected();
        if (e.DisconnectType != MqttClientDisconnectType.Takeover && !string.IsNullOrEmpty(e.ClientId) && e.UserName is { } user)
            _holders.TryRemove(new KeyValuePair<string, string>(e.ClientId, user));
        LogDisconnected(_logger, e.ClientId, e.UserName, e.DisconnectType);
        return Task.CompletedTask;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage?.Topic ?? "";
        var who = Identify(e.UserName);
        string? refusal = null;
        if (who is null)
        {
            refusal = "publish without a known user";
        }
        else if (e.ApplicationMessage!.Payload.Length > _access.PayloadLimit(topic))
        {
            refusal = $"payload of {e.ApplicationMessage.Payload.Length} bytes on {topic} is over the {_access.PayloadLimit(topic)}-byte limit; dropped";
        }
        else
        {
            try
            {
                if (!await _access.MayPublishAsync(who, topic, e.CancellationToken).ConfigureAwait(false))
                    refusal = $"may not publish on {topic}; dropped";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(_logger, ex, $"a publish on {topic}", e.UserName);
                refusal = $"publish on {topic} could not be checked; dropped";
            }
        }
        if (refusal is null)
        {
            if (who is { IsCoordinator: false } && _tap is { } tap && tap.Takes(topic) && _server is { } server)
                await TapAsync(e, server, tap, topic).ConfigureAwait(false);
            return;
        }
        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        e.Response.ReasonString = refusal;
        _refusals.Refused(e.UserName ?? e.ClientId, refusal);
    }

    /// <summary>
    /// An agent's printer state or event, allowed, goes to the bridge through the tap: kept as the retained message when
    /// it is one, handed over, and acknowledged, without MQTTnet's routing (see <see cref="AgentTrafficTap"/>).
    /// </summary>
    private static async Task TapAsync(InterceptingPublishEventArgs e, MqttServer server, AgentTrafficTap tap, string topic)
    {
        var message = e.ApplicationMessage!;
        if (message.Retain)
            await server.UpdateRetainedMessageAsync(message).ConfigureAwait(false);
        if (tap.Deliver(topic, message.Payload))
            e.ProcessPublish = false;
    }

    private async Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter?.Topic ?? "";
        var who = Identify(e.UserName);
        bool allowed;
        try
        {
            allowed = who is not null && await _access.MaySubscribeAsync(who, filter, e.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckFailed(_logger, ex, $"a subscription to {filter}", e.UserName);
            allowed = false;
        }
        if (allowed)
        {
            _tap?.Subscribed(e.ClientId, filter);
            return;
        }
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        e.Response.ReasonString = $"may not subscribe to {filter}";
        _refusals.Refused(e.UserName ?? e.ClientId, $"may not subscribe to {filter}; refused");
    }

    private async Task InterceptDeliveryAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        // Subscriptions were checked when made; this checks again against the connection that receives now, so a
        // session passed on to another client id holder, or a printer moved to another agent, leaks nothing.
        var who = _holders.TryGetValue(e.ReceiverClientId, out var user) ? Identify(user) : null;
        try
        {
            e.AcceptEnqueue = who is not null && await _access.MayReceiveAsync(who, e.ApplicationMessage.Topic, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckFailed(_logger, ex, $"a delivery on {e.ApplicationMessage.Topic}", e.ReceiverClientId);
            e.AcceptEnqueue = false;
        }
    }

    private static BrokerIdentity? Identify(string? userName) => userName switch
    {
        null or "" => null,
        CoordinatorIdentity.UserName => BrokerIdentity.Coordinator,
        _ => BrokerIdentity.Agent(userName),
    };

    private static string Host(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
