using Microsoft.Extensions.Logging;

namespace PrintFarm.Printing.Connection;

/// <summary>The link loop's log messages, with stable event ids (150–159; see docs/layout.md for the ranges).</summary>
public sealed partial class LinkLoop
{
    /// <summary>
    /// A loop that logs its retries and errors under <paramref name="link"/> (a printer's id): the same words and event
    /// ids for every printer link, the coordinator's and the agent's.
    /// </summary>
    public static LinkLoop Logged(TimeProvider time, TimeSpan maxBackoff, ILogger log, string link, double flapJitter = 0) =>
        new(time, maxBackoff,
            (attempt, wait, error) => LogRetry(log, link, attempt, wait.TotalSeconds, error?.Message),
            error => LogLoopError(log, link, error),
            flapJitter);

    [LoggerMessage(EventId = 150, Level = LogLevel.Warning, Message = "{Link}: cannot connect (attempt {Attempt}); next try in {Seconds:0.0} s: {Reason}")]
    private static partial void LogRetry(ILogger log, string link, int attempt, double seconds, string? reason);

    [LoggerMessage(EventId = 151, Level = LogLevel.Error, Message = "{Link}: link loop failed; it starts again")]
    private static partial void LogLoopError(ILogger log, string link, Exception ex);
}
