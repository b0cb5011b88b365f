using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Scheduling;

/// <summary>SchedulerService's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class SchedulerService
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "cut {Jobs} plates ({Parts} parts) from owed demand")]
    private static partial void LogPlanned(ILogger log, int jobs, long parts);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "scheduling round failed; the next one tries again")]
    private static partial void LogRoundFailed(ILogger log, Exception ex);
}
