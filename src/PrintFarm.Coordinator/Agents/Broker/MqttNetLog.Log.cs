using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>MqttNetLog's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class MqttNetLog
{
    [LoggerMessage(EventId = 640, Message = "mqttnet {Source}: {Message}")]
    private static partial void LogMessage(ILogger logger, LogLevel level, Exception? exception, string source, string message);
}
