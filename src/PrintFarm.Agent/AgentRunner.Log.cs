using Microsoft.Extensions.Logging;

namespace PrintFarm.Agent;

/// <summary>AgentRunner's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
public partial class AgentRunner
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "agent {Agent}: {Printers} printers, broker {Broker}, session {Session}")]
    private static partial void LogStarting(ILogger log, string agent, int printers, string broker, string session);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "agent {Agent}: stopping")]
    private static partial void LogStopping(ILogger log, string agent);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "printer loops did not stop within 30 s")]
    private static partial void LogSlowStop(ILogger log);
}
