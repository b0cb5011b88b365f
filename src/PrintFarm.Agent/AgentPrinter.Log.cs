using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Agent;

/// <summary>AgentPrinter's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class AgentPrinter
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "{Printer}: connected to {Firmware}, profile {Profile}")]
    private static partial void LogConnected(ILogger log, string printer, string firmware, string profile);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "{Printer}: link lost: {Reason}")]
    private static partial void LogLinkLost(ILogger log, string printer, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "{Printer}: event {Type} #{Seq} had no subscriber (the coordinator is not back yet); again in {Seconds:0.0} s")]
    private static partial void LogEventUnheard(ILogger log, string printer, string type, long seq, double seconds);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "{Printer}: the broker refused event {Type} #{Seq}; dropped")]
    private static partial void LogEventDropped(ILogger log, string printer, string type, long seq);

    [LoggerMessage(EventId = 1220, Level = LogLevel.Information, Message = "{Printer}: job {Job}: downloading {Size} bytes")]
    private static partial void LogDownloading(ILogger log, string printer, long job, long size);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Information, Message = "{Printer}: job {Job} started")]
    private static partial void LogJobStarted(ILogger log, string printer, long job);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Information, Message = "{Printer}: job {Job} ended {Outcome} {Reason}")]
    private static partial void LogJobEnded(ILogger log, string printer, long job, JobOutcome outcome, string reason);

    [LoggerMessage(EventId = 1223, Level = LogLevel.Error, Message = "{Printer}: job {Job} failed")]
    private static partial void LogJobCrashed(ILogger log, string printer, long job, Exception ex);

    [LoggerMessage(EventId = 1224, Level = LogLevel.Warning, Message = "{Printer}: job {Job} has not ended after the link closed; going on without it")]
    private static partial void LogJobStuck(ILogger log, string printer, long job);

    [LoggerMessage(EventId = 1240, Level = LogLevel.Information, Message = "{Printer}: command {CommandId} {Type}")]
    private static partial void LogCommand(ILogger log, string printer, string commandId, string type);

    [LoggerMessage(EventId = 1241, Level = LogLevel.Information, Message = "{Printer}: command {CommandId} ({Type}) seen before; answered again, not run again")]
    private static partial void LogRepeat(ILogger log, string printer, string commandId, string type);

    [LoggerMessage(EventId = 1242, Level = LogLevel.Warning, Message = "{Printer}: command {CommandId} {Type} refused: {Reason}")]
    private static partial void LogRefused(ILogger log, string printer, string commandId, string type, string reason);

    [LoggerMessage(EventId = 1243, Level = LogLevel.Warning, Message = "{Printer}: command {CommandId} dropped: {Reason}")]
    private static partial void LogCommandDropped(ILogger log, string printer, string commandId, string reason);

    [LoggerMessage(EventId = 1244, Level = LogLevel.Error, Message = "{Printer}: a command failed unexpectedly; the agent goes on")]
    private static partial void LogCommandCrashed(ILogger log, string printer, Exception ex);

    [LoggerMessage(EventId = 1245, Level = LogLevel.Warning, Message = "{Printer}: too many commands waiting; one dropped")]
    private static partial void LogCommandQueueFull(ILogger log, string printer);
}
