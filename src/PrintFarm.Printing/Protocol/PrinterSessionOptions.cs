using PrintFarm.Printing.Profiles;

namespace PrintFarm.Printing.Protocol;

/// <summary>How one session talks to its printer.</summary>
public sealed record PrinterSessionOptions
{
    /// <summary>A profile name to use, or null to detect it from M115.</summary>
    public string? Profile { get; init; }

    /// <summary>Overrides the profile's flow control.</summary>
    public FlowControl? Flow { get; init; }

    /// <summary>
    /// Fixes whether the firmware prints <c>ok</c> after a resend request. Left null, the session
    /// detects it while printing, starting from the profile's <c>okAfterResend</c>.
    /// </summary>
    public bool? OkAfterResend { get; init; }

    /// <summary>Profile used when M115 matches no profile.</summary>
    public string FallbackProfile { get; init; } = "marlin";

    /// <summary>How long to wait for each handshake attempt, and how many attempts.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public int HandshakeAttempts { get; init; } = 4;

    /// <summary>Timeouts in a row with no answer at all before the printer counts as gone.</summary>
    public int MaxConsecutiveTimeouts { get; init; } = 3;

    /// <summary>Lines kept for replay on a resend request.</summary>
    public int HistoryLines { get; init; } = 1024;

    /// <summary>Overrides the profile's <c>communicationTimeoutSeconds</c>: no ok or resend request for this long, with lines in flight, draws a probe.</summary>
    public TimeSpan? CommunicationTimeout { get; init; }

    /// <summary>
    /// No progress at all (no ok, no resend request, no busy or heating report) for this long while
    /// lines are in flight or a job runs ends the job <c>interrupted</c>. Nothing waits longer.
    /// </summary>
    public TimeSpan Watchdog { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The shortest stall that draws an early probe. The session probes once no ok has come for eight
    /// times the usual gap between oks, but never sooner than this and never later than the communication timeout.
    /// </summary>
    public TimeSpan StallProbeMinimum { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How often timeouts and temperature polls are checked.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
