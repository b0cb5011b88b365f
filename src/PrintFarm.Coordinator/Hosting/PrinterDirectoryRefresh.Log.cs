using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>PrinterDirectoryRefresh's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class PrinterDirectoryRefresh
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Reading the printers again failed: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);
}
