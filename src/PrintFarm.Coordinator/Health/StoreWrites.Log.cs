using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Health;

/// <summary>StoreWrites's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
public partial class StoreWrites
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "store: a write that must not be lost failed (attempt {Attempt}); trying again in {Seconds:0.0} s: {Reason}")]
    private static partial void LogRetry(ILogger log, int attempt, double seconds, string reason);
}
