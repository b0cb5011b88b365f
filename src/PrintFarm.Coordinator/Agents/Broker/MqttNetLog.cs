using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>MQTTnet's own log into the coordinator's: its errors as warnings (a client that drops is not our error), the rest as debug.</summary>
internal sealed partial class MqttNetLog : IMqttNetLogger
{
    private readonly ILogger _logger;

    public MqttNetLog(ILogger logger) => _logger = logger;

    public bool IsEnabled => _logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Error => LogLevel.Warning,
            MqttNetLogLevel.Warning or MqttNetLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (!_logger.IsEnabled(level))
            return;
        var text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        LogMessage(_logger, level, exception, source, text);
    }
}
