namespace PrintFarm.Wire;

/// <summary>
/// <c>…/printers/{id}/state</c>, retained: what the agent sees of its printer now. <c>Status</c> is the printer
/// link's session state in wire form (<c>disconnected</c>, <c>ready</c>, <c>printing</c>, <c>paused</c>,
/// <c>faulted</c>, <c>interrupted</c>); <c>BedClear</c> says whether the agent believes the bed is clear.
/// </summary>
public sealed record PrinterStateMessage(
    string Status,
    TemperaturesView? Temperatures,
    long? JobId,
    double Progress,
    DateTimeOffset Timestamp,
    string? Message = null,
    string? Firmware = null);

/// <summary>
/// <c>…/printers/{id}/events</c>, QoS 1. <c>Type</c>: <c>job-started</c>, <c>progress</c> (at most once a second),
/// <c>job-completed</c>, <c>job-failed</c>, <c>error</c>, <c>bed-cleared</c>. <c>Session</c> names the agent's
/// run (it changes when the agent restarts) and <c>Seq</c> counts that run's events from 1, so the coordinator
/// can drop a repeat delivered twice and see a gap.
/// </summary>
public sealed record PrinterEventMessage(
    string Type,
    string Session,
    long Seq,
    long? JobId,
    DateTimeOffset Timestamp,
    double? Progress = null,
    int? GoodParts = null,
    string? Reason = null,
    long? LinesSent = null,
    long? Resends = null);

/// <summary>
/// <c>…/printers/{id}/commands</c>, QoS 1, from the coordinator. <c>Type</c>: <c>start-job</c> (with the job's id,
/// the download URL, sha256, size and profile), <c>pause</c>, <c>resume</c>, <c>cancel</c>, <c>emergency-stop</c>,
/// <c>gcode</c> (<c>Line</c>), <c>clear-bed</c> (<c>GoodParts</c>). An agent runs each <c>CommandId</c> once.
/// </summary>
public sealed record CommandMessage(
    string CommandId,
    string Type,
    long? JobId = null,
    string? Url = null,
    string? Sha256 = null,
    long? Size = null,
    string? Profile = null,
    string? Line = null,
    int? GoodParts = null);

/// <summary><c>…/printers/{id}/acks</c>: a command was run (or refused). A repeated <c>CommandId</c> is acknowledged again but not run again.</summary>
public sealed record AckMessage(string CommandId, bool Ok, string? Error = null);

/// <summary>The command and event type names of the contract.</summary>
public static class MessageTypes
{
    public const string StartJob = "start-job";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Cancel = "cancel";
    public const string EmergencyStop = "emergency-stop";
    public const string Gcode = "gcode";
    public const string ClearBed = "clear-bed";

    public const string JobStarted = "job-started";
    public const string Progress = "progress";
    public const string JobCompleted = "job-completed";
    public const string JobFailed = "job-failed";
    public const string Error = "error";
    public const string BedCleared = "bed-cleared";

    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal)
        { StartJob, Pause, Resume, Cancel, EmergencyStop, Gcode, ClearBed };

    public static readonly IReadOnlySet<string> Events = new HashSet<string>(StringComparer.Ordinal)
        { JobStarted, Progress, JobCompleted, JobFailed, Error, BedCleared };
}

/// <summary>
/// The <c>reason</c> of a <c>job-failed</c> event that says the print was cut short by its link or its agent rather
/// than failed by the printer: <c>interrupted</c> or <c>interrupted: WHY</c>. The coordinator records such a job as
/// interrupted (never restarted silently, not counted against the printer), as it does for its own local links.
/// </summary>
public static class FailureReasons
{
    public const string Interrupted = "interrupted";

    /// <summary>The agent was stopped (systemctl stop) while it printed.</summary>
    public const string AgentStopping = "interrupted: agent stopping";

    public static bool IsInterruption(string? reason) =>
        reason is not null && (reason == Interrupted || reason.StartsWith(Interrupted + ":", StringComparison.Ordinal));
}
