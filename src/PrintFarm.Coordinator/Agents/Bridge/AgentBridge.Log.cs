using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>AgentBridge's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class AgentBridge
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "MQTT bridge connected")]
    private static partial void LogConnected(ILogger log);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "MQTT bridge cannot reach the broker; next try in {Seconds:0.0} s: {Reason}")]
    private static partial void LogReconnect(ILogger log, double seconds, string reason);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "MQTT bridge loop failed; it connects again")]
    private static partial void LogLoopFailed(ILogger log, Exception ex);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "dropped a message on {Topic}: {Reason}")]
    private static partial void LogDropped(ILogger log, string topic, string reason);

    [LoggerMessage(EventId = 704, Level = LogLevel.Error, Message = "a message on {Topic} failed; dropped")]
    private static partial void LogMessageFailed(ILogger log, string topic, Exception ex);

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "{Printer} refused command {Command}: {Error}")]
    private static partial void LogRefusedCommand(ILogger log, string printer, string command, string error);
}
