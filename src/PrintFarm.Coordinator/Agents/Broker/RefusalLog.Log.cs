using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>RefusalLog's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
public partial class RefusalLog
{
    [LoggerMessage(EventId = 620, Level = LogLevel.Warning, Message = "mqtt: {Who}: {What}")]
    private static partial void LogRefused(ILogger logger, string who, string what);

    [LoggerMessage(EventId = 621, Level = LogLevel.Warning, Message = "mqtt: {Who}: {What} ({Suppressed} more refused in the last {Seconds} s)")]
    private static partial void LogRefusedMore(ILogger logger, string who, string what, int suppressed, double seconds);
}
