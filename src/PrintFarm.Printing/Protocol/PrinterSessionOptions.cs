using PrintFarm.Printing.Profiles;

namespace PrintFarm.Printing.Protocol;

/// <summary>How one session talks to its printer.</summary>
public sealed record PrinterSessionOptions
{
    /// <summary>A profile name to use, or null to detect it from M115.</summary>
    public string? Profile { get; init; }

    /// <summary>Overrides the profile's flow control.</summary>
    public FlowControl? Flow { get; init; }

    /// <summary>Overrides the profile's <c>okAfterResend</c> (for firmware builds that differ from their family).</summary>
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

    /// <summary>How often timeouts and temperature polls are checked.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
