using Microsoft.Extensions.Logging;

namespace PrintFarm.Agent;

/// <summary>CommandJournal's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class CommandJournal
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "command journal {Path} cannot be read ({Reason}); starting with an empty one")]
    private static partial void LogUnreadable(ILogger log, string path, string reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "command journal {Path} cannot be written: {Reason}")]
    private static partial void LogUnwritable(ILogger log, string path, string reason);
}
