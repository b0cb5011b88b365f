using Microsoft.Extensions.Logging;

namespace PrintFarm.Printing.Protocol;

internal static partial class SessionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Endpoint}: connected to {Firmware}, profile {Profile}, flow {Flow}")]
    public static partial void Connected(ILogger logger, string endpoint, string firmware, string profile, string flow);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{Endpoint}: resend from line {Line} (last sent {LastSent})")]
    public static partial void Resend(ILogger logger, string endpoint, long line, long lastSent);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Endpoint}: unreadable resend request \"{Line}\"")]
    public static partial void UnreadableResend(ILogger logger, string endpoint, string line);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "{Endpoint}: ok with nothing in flight")]
    public static partial void StrayOk(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Endpoint}: no answer with {InFlight} lines in flight; probing with M105")]
    public static partial void Timeout(ILogger logger, string endpoint, int inFlight);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "{Endpoint}: firmware reports \"{Line}\"")]
    public static partial void FirmwareError(ILogger logger, string endpoint, string line);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "{Endpoint}: \"{Line}\"")]
    public static partial void FirmwareWarning(ILogger logger, string endpoint, string line);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "{Endpoint}: printer faulted: {Reason}")]
    public static partial void Faulted(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "{Endpoint}: link interrupted: {Reason}")]
    public static partial void Interrupted(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "{Endpoint}: probing with M105: {InFlight} lines in flight, oldest {Oldest}")]
    public static partial void Probe(ILogger logger, string endpoint, int inFlight, long oldest);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "{Endpoint}: the firmware answers a resend request with ok: {OkAfterResend}")]
    public static partial void ResendOkDetected(ILogger logger, string endpoint, bool okAfterResend);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "{Endpoint}: the firmware asked for line {Line}, past the last line sent ({LastSent}); resynchronising from line {From}")]
    public static partial void ResendAhead(ILogger logger, string endpoint, long line, long lastSent, long from);

    [LoggerMessage(EventId = 112, Level = LogLevel.Trace, Message = "{Endpoint} <- {Line}")]
    public static partial void Received(ILogger logger, string endpoint, string line);

    [LoggerMessage(EventId = 113, Level = LogLevel.Trace, Message = "{Endpoint} -> {Line}")]
    public static partial void Sent(ILogger logger, string endpoint, string line);
}
