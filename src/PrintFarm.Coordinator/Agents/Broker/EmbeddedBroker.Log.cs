using MQTTnet.Protocol;
using MQTTnet.Server.Internal.Adapter;
using MQTTnet.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Printing.Connection;
using PrintFarm.Wire.Configuration;
using PrintFarm.Wire;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

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
