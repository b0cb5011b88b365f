using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Auth;

/// <summary>AdminKey's log messages, with stable event ids (see docs/layout.md for the ranges).</summary>
public partial class AdminKey
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "first start: created the admin API key {Secret} (shown once; also saved to {Path}, mode 0600)")]
    private static partial void LogCreated(ILogger log, string secret, string path);
}
