using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Changes;

/// <summary>FarmChangeFanOut's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class FarmChangeFanOut
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Error, Message = "{Sink} failed on a committed change; the change stands")]
    private static partial void LogSinkFailed(ILogger log, string sink, Exception error);
}
