using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>FarmStartup's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class FarmStartup
{
    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "removed {Count} unfinished uploads left by an earlier run")]
    private static partial void LogStaleUploads(ILogger log, int count);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "store {Store}, {Applied} migrations applied")]
    private static partial void LogStore(ILogger log, string store, int applied);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "{Count} jobs were running when the coordinator last stopped; marked interrupted: {Jobs}")]
    private static partial void LogInterrupted(ILogger log, int count, string jobs);
}
