using System.Net;
using System.Security.Cryptography;
using System.Text;
using MQTTnet.Protocol;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm.Access;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// The embedded broker's logins and topic ACL, which is the MQTT contract's "an agent may publish only under its own
/// printers' topics and read only their commands":
/// <list type="bullet">
/// <item>the coordinator (<see cref="CoordinatorIdentity"/>) publishes and subscribes anywhere under the prefix;</item>
/// <item>an agent logs in with its id as user name and its agent key as password, and publishes only its own
/// <c>agents/{id}/online</c> (also as its last will) and the <c>state</c>, <c>events</c>, <c>acks</c> and <c>gcode/rx</c>
/// of printers registered with <c>link: agent</c> and its id as address;</item>
/// <item>an agent subscribes only to exactly the <c>commands</c> and <c>gcode/tx</c> topics of those printers, no wildcards;</item>
/// <item>a payload over <see cref="MqttJson.MaxPayloadBytes"/> (<see cref="MaxGcodePayloadBytes"/> on the gcode topics) is dropped.</item>
/// </list>
/// </summary>
public sealed class BrokerAccess
{
    /// <summary>The largest payload on <c>gcode/tx</c> and <c>gcode/rx</c> (a batch of raw lines).</summary>
    public const int MaxGcodePayloadBytes = 64 * 1024;

    private static readonly HashSet<string> AgentPublishes = new(StringComparer.Ordinal) { "state", "events", "acks", "gcode/rx" };
    private static readonly HashSet<string> AgentReads = new(StringComparer.Ordinal) { "commands", "gcode/tx" };

    private readonly Topics _topics;
    private readonly byte[] _coordinatorPassword;
    private readonly ApiKeyCache _keys;
    private readonly AgentPrinters _printers;
    private readonly FailedAuthLimiter _limiter;

    public BrokerAccess(Topics topics, CoordinatorIdentity coordinator, ApiKeyCache keys, AgentPrinters printers, FailedAuthLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        _topics = topics;
        _coordinatorPassword = Encoding.UTF8.GetBytes(coordinator.Password);
        _keys = keys;
        _printers = printers;
        _limiter = limiter;
    }

    public Topics Topics => _topics;

    /// <summary>
    /// Decides a CONNECT. <paramref name="willTopic"/> is the will's topic when the client set one: an agent's must be its
    /// own online topic, the coordinator's under the prefix.
    /// </summary>
    public async ValueTask<LoginResult> LoginAsync(string? userName, string? password, IPAddress? remote, string? willTopic, CancellationToken cancellationToken)
    {
        if (_limiter.Blocked(remote, password) is { } wait)
            return LoginResult.Refuse(MqttConnectReasonCode.ServerUnavailable, $"too many failed logins from this address; try again in {Math.Ceiling(wait.TotalSeconds)} s");
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
            return Failed(remote, password, "no user name or password");

        BrokerIdentity identity;
        if (userName == CoordinatorIdentity.UserName)
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), _coordinatorPassword))
                return Failed(remote, password, "wrong password for the coordinator");
            identity = BrokerIdentity.Coordinator;
        }
        else
        {
            if (!Topics.IsSafeId(userName))
                return Failed(remote, password, "the user name is not an agent id");
            var key = await _keys.FindAsync(password, cancellationToken).ConfigureAwait(false);
            if (key is not { Role: ApiRole.Agent, IsActive: true } || key.Owner != userName)
                return Failed(remote, password, "not an active agent key for this agent id");
            identity = BrokerIdentity.Agent(userName);
        }

        if (willTopic is not null)
        {
            var allowed = identity.IsCoordinator ? IsUnderPrefix(willTopic) : willTopic == _topics.Online(identity.UserName);
            if (!allowed)
                return LoginResult.Refuse(MqttConnectReasonCode.NotAuthorized, $"last will on \"{willTopic}\" is not allowed; an agent's will goes on {_topics.Online(identity.UserName)}");
        }
        return LoginResult.Accept(identity);
    }

    /// <summary>Whether <paramref name="who"/> may publish on <paramref name="topic"/>.</summary>
    public async ValueTask<bool> MayPublishAsync(BrokerIdentity who, string topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrEmpty(topic) || HasWildcard(topic))
            return false;
        if (who.IsCoordinator)
            return IsUnderPrefix(topic);
        if (topic == _topics.Online(who.UserName))
            return true;
        return _topics.TryParsePrinterTopic(topic, out var printerId, out var leaf) && AgentPublishes.Contains(leaf)
               && await IsOwnPrinterAsync(who, printerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="who"/> may subscribe to <paramref name="filter"/>; an agent only to exact topics.</summary>
    public ValueTask<bool> MaySubscribeAsync(BrokerIdentity who, string filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrEmpty(filter))
            return ValueTask.FromResult(false);
        if (who.IsCoordinator)
            return ValueTask.FromResult(IsUnderPrefix(filter));
        return MayReceiveAsync(who, filter, cancellationToken);
    }

    /// <summary>Whether a message on <paramref name="topic"/> may be delivered to <paramref name="who"/> (checked again at delivery).</summary>
    public async ValueTask<bool> MayReceiveAsync(BrokerIdentity who, string topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (who.IsCoordinator)
            return true;
        if (string.IsNullOrEmpty(topic) || HasWildcard(topic))
            return false;
        return _topics.TryParsePrinterTopic(topic, out var printerId, out var leaf) && AgentReads.Contains(leaf)
               && await IsOwnPrinterAsync(who, printerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The largest payload allowed on a topic.</summary>
    public int PayloadLimit(string topic) =>
        _topics.TryParsePrinterTopic(topic, out _, out var leaf) && leaf is "gcode/tx" or "gcode/rx" ? MaxGcodePayloadBytes : MqttJson.MaxPayloadBytes;

    private ValueTask<bool> IsOwnPrinterAsync(BrokerIdentity who, string printerId, CancellationToken cancellationToken) =>
        Topics.IsSafeId(printerId) ? _printers.IsBehindAsync(who.UserName, printerId, cancellationToken) : ValueTask.FromResult(false);

    private bool IsUnderPrefix(string topic) => topic.StartsWith(_topics.Prefix + "/", StringComparison.Ordinal) && topic.Length > _topics.Prefix.Length + 1;

    private static bool HasWildcard(string topic) => topic.AsSpan().IndexOfAny('+', '#') >= 0;

    private LoginResult Failed(IPAddress? remote, string? password, string reason)
    {
        _limiter.RecordFailure(remote, password);
        return LoginResult.Refuse(MqttConnectReasonCode.BadUserNameOrPassword, reason);
    }
}

/// <summary>A CONNECT accepted with its <see cref="Identity"/>, or refused with a reason code and why.</summary>
public sealed record LoginResult(BrokerIdentity? Identity, MqttConnectReasonCode ReasonCode, string? Reason)
{
    public bool Accepted => Identity is not null;

    public static LoginResult Accept(BrokerIdentity identity) => new(identity, MqttConnectReasonCode.Success, null);

    public static LoginResult Refuse(MqttConnectReasonCode code, string reason) => new(null, code, reason);
}
