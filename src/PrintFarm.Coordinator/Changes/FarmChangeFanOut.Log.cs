using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Demands;
using PrintFarm.Coordinator.Designs;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Metrics;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Farm.Changes;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Changes;

/// <summary>FarmChangeFanOut's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class FarmChangeFanOut
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Error, Message = "{Sink} failed on a committed change; the change stands")]
    private static partial void LogSinkFailed(ILogger log, string sink, Exception error);
}
