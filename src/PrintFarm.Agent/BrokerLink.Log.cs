using Microsoft.Extensions.Logging;

namespace PrintFarm.Agent;

/// <summary>BrokerLink's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class BrokerLink
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "broker {Broker}: connected, {Printers} printers subscribed")]
    private static partial void LogConnected(ILogger log, string broker, int printers);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "broker {Broker}: left (online = false)")]
    private static partial void LogLeft(ILogger log, string broker);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "broker {Broker}: disconnected ({Reason}) {Detail}")]
    private static partial void LogDisconnected(ILogger log, string broker, string reason, string detail);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "broker {Broker}: cannot connect (attempt {Attempt}); next try in {Seconds:0.0} s: {Reason}")]
    private static partial void LogRetry(ILogger log, string broker, int attempt, double seconds, string? reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "broker {Broker}: the link ended in an error, connecting again: {Reason}")]
    private static partial void LogLinkError(ILogger log, string broker, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "broker refused the subscription to {Topic}: {Code}; commands for that printer will not arrive")]
    private static partial void LogSubscribeRefused(ILogger log, string topic, string code);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "broker refused a message on {Topic}: {Code} {Reason}")]
    private static partial void LogPublishRefused(ILogger log, string topic, string code, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "message on unexpected topic {Topic} dropped")]
    private static partial void LogUnexpectedTopic(ILogger log, string topic);
}
