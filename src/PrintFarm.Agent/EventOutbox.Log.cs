using Microsoft.Extensions.Logging;

namespace PrintFarm.Agent;

/// <summary>EventOutbox's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class EventOutbox
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Printer}: {Count} events from before the restart wait to be delivered")]
    private static partial void LogBacklog(ILogger log, string printer, int count);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "{Printer}: outbox file {Path}: {Reason}; events are kept in memory only")]
    private static partial void LogFileError(ILogger log, string printer, string path, string reason);
}
