using System.Net;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>EmbeddedBroker's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
public partial class EmbeddedBroker
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "mqtt: broker listening on {Address}, topics under {Prefix}/")]
    private static partial void LogListening(ILogger logger, string address, string prefix);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "mqtt: the TLS certificate {Subject} expired on {NotAfter}; agents will refuse it")]
    private static partial void LogCertificateExpired(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "mqtt: checking {What} of {User} failed; refused")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex, string what, string? user);

    [LoggerMessage(EventId = 603, Level = LogLevel.Debug, Message = "mqtt: {User} connected as client {ClientId} from {Remote}")]
    private static partial void LogConnected(ILogger logger, string? user, string? clientId, EndPoint? remote);

    [LoggerMessage(EventId = 604, Level = LogLevel.Debug, Message = "mqtt: client {ClientId} ({User}) disconnected: {Type}")]
    private static partial void LogDisconnected(ILogger logger, string? clientId, string? user, MqttClientDisconnectType type);
}
