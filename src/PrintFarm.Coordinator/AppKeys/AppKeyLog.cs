using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.AppKeys;

/// <summary>The application keys' log messages, with stable event ids (900–999, see docs/layout.md).</summary>
internal static partial class AppKeyLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "application key request {Id} from {App} (user \"{User}\") at {Address}: waiting for staff")]
    public static partial void Requested(ILogger log, long id, string app, string user, string address);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "application key request {Id} from {App} approved as key {KeyId} ({Role}) by {Actor}")]
    public static partial void Approved(ILogger log, long id, string app, long keyId, string role, string actor);

    [LoggerMessage(EventId = 902, Level = LogLevel.Information, Message = "application key request {Id} from {App} denied by {Actor}")]
    public static partial void Denied(ILogger log, long id, string app, string actor);

    [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "key {KeyId} was approved for an application that never collected it: revoked")]
    public static partial void Uncollected(ILogger log, long keyId);

    [LoggerMessage(EventId = 904, Level = LogLevel.Error, Message = "could not revoke uncollected application key {KeyId}; trying again")]
    public static partial void RevokeFailed(ILogger log, Exception error, long keyId);
}
