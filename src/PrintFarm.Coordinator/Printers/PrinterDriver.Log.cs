using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Coordinator.Printers;

/// <summary>PrinterDriver's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class PrinterDriver
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Printer}: connected to {Firmware}, profile {Profile}")]
    private static partial void LogConnected(ILogger log, string printer, string firmware, string profile);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{Printer}: job {Job} ended {Outcome} {Reason}")]
    private static partial void LogJobEnded(ILogger log, string printer, long job, JobOutcome outcome, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "{Printer}: the farm refused a report: {Reason}")]
    private static partial void LogRefused(ILogger log, string printer, string reason);
}
