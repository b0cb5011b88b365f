using System.Text.Json.Serialization;

namespace PrintFarm.Printing.Profiles;

/// <summary>
/// Everything that differs between firmware families, as data. One JSON file per firmware under
/// <c>firmware-profiles/</c>; the loader rejects unknown keys. See <c>firmware-profiles/README.md</c>.
/// </summary>
public sealed record FirmwareProfile
{
    /// <summary>Short id, the file name without extension (for example <c>marlin</c>).</summary>
    [JsonRequired] public required string Name { get; init; }

    [JsonRequired] public required string DisplayName { get; init; }

    /// <summary>Regular expressions matched against the M115 reply; any match selects this profile.</summary>
    [JsonRequired] public required IReadOnlyList<string> Detect { get; init; }

    /// <summary>Default flow control: <c>window</c> (character counting) or <c>ok</c> (send-on-ok).</summary>
    public FlowControl FlowControl { get; init; } = FlowControl.Window;

    /// <summary>Bytes in the firmware's serial receive ring (Marlin's RX_BUFFER_SIZE).</summary>
    public int RxBufferBytes { get; init; } = 128;

    /// <summary>Commands the firmware queues before it stops reading serial (Marlin's BUFSIZE).</summary>
    public int CommandQueueSlots { get; init; } = 4;

    /// <summary>Longest command the firmware accepts (Marlin's MAX_CMD_SIZE less the terminator).</summary>
    public int MaxCommandLength { get; init; } = 96;

    /// <summary>Whether every line is sent as <c>N&lt;n&gt; cmd*cs</c>.</summary>
    public bool LineNumbers { get; init; } = true;

    /// <summary>Whether the firmware answers <c>ok</c> after a resend request (Marlin 2.1 does, 2.0.9 and Smoothieware do not).</summary>
    public bool OkAfterResend { get; init; } = true;

    /// <summary>Use <c>M155 S&lt;n&gt;</c> when M115 reports <c>Cap:AUTOREPORT_TEMP:1</c>.</summary>
    public bool UseTemperatureAutoreport { get; init; } = true;

    /// <summary>Seconds between temperature reports (autoreport interval, or M105 polling when idle).</summary>
    public int TemperatureIntervalSeconds { get; init; } = 2;

    /// <summary>Silence, with commands outstanding, after which the host probes with M105.</summary>
    public double CommunicationTimeoutSeconds { get; init; } = 5;

    /// <summary>Times one line may be asked for again before the job fails.</summary>
    public int MaxResendsPerLine { get; init; } = 10;

    /// <summary>Prefixes that mark an error line (for example <c>Error:</c>, <c>!!</c>).</summary>
    public IReadOnlyList<string> ErrorPrefixes { get; init; } = ["Error:"];

    /// <summary>Error texts (regex) that are only information, such as line-number and checksum complaints.</summary>
    public IReadOnlyList<string> NonFatalErrors { get; init; } = [];

    /// <summary>Error texts (regex) that halt the printer. An error matching neither list is fatal when <see cref="UnknownErrorsAreFatal"/>.</summary>
    public IReadOnlyList<string> FatalErrors { get; init; } = [];

    public bool UnknownErrorsAreFatal { get; init; } = true;

    /// <summary>Command words a job may not contain on this firmware (EEPROM writes, firmware update...).</summary>
    public IReadOnlyList<string> ForbiddenCommands { get; init; } = [];

    /// <summary>Emergency stop, sent ahead of everything.</summary>
    public string EmergencyStop { get; init; } = "M112";

    /// <summary>Commands that bring the board back after a halt (empty when only a power cycle does).</summary>
    public IReadOnlyList<string> Reset { get; init; } = ["M999"];

    public ProfileScripts Scripts { get; init; } = new();
}
