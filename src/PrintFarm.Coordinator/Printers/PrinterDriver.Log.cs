using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Coordinator.Printers;

/// <summary>PrinterDriver's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class PrinterDriver
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Printer}: connected to {Firmware}, profile {Profile}")]
    private static partial void LogConnected(ILogger log, string printer, string firmware, string profile);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "{Printer}: cannot connect (attempt {Attempt}); next try in {Seconds:0.0} s: {Reason}")]
    private static partial void LogRetry(ILogger log, string printer, int attempt, double seconds, string? reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "{Printer}: link loop failed; it starts again")]
    private static partial void LogLoopError(ILogger log, string printer, Exception ex);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{Printer}: job {Job} ended {Outcome} {Reason}")]
    private static partial void LogJobEnded(ILogger log, string printer, long job, JobOutcome outcome, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "{Printer}: the farm refused a report: {Reason}")]
    private static partial void LogRefused(ILogger log, string printer, string reason);
}
