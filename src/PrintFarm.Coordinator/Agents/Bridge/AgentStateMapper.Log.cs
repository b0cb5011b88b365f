using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>AgentStateMapper's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
internal partial class AgentStateMapper
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Debug, Message = "the farm refused an agent's report (usually a repeat): {Reason}")]
    private static partial void LogRefused(ILogger log, string reason);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "agent {Agent} away for {Seconds:0} s: printer {Printer} goes offline")]
    private static partial void LogAgentAway(ILogger log, string agent, string printer, double seconds);
}
