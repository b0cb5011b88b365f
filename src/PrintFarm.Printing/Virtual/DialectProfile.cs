namespace PrintFarm.Printing.Virtual;

/// <summary>
/// What one firmware says and does on the wire, as data. Format strings take their arguments as
/// documented on each member and are formatted with the invariant culture.
/// </summary>
internal sealed record DialectProfile
{
    public required string Name { get; init; }

    /// <summary>M115 identification line. With <see cref="FirmwareInfoOnOk"/> it rides on the ok line.</summary>
    public required string FirmwareInfo { get; init; }

    public bool FirmwareInfoOnOk { get; init; }

    /// <summary><c>Cap:NAME:0|1</c> lines after the M115 line, in order, with their default values.</summary>
    public IReadOnlyList<KeyValuePair<string, bool>> Capabilities { get; init; } = [];

    /// <summary>Whether a capability of that name is shown with the options' value instead of its default.</summary>
    public bool CapabilitiesFollowOptions { get; init; }

    public bool ChecksLineNumbers { get; init; }

    public bool ChecksChecksums { get; init; }

    /// <summary>A numbered line without <c>*</c> is an error (Marlin).</summary>
    public bool RequiresChecksumWithLineNumber { get; init; }

    /// <summary>A line with <c>*</c> but without <c>N</c> is an error (Marlin).</summary>
    public bool RejectsChecksumWithoutLineNumber { get; init; }

    public LineErrorReply LineErrorReply { get; init; }

    /// <summary>On a line error the receive ring is emptied, losing what had already arrived (Marlin).</summary>
    public bool FlushesReceiveBufferOnError { get; init; }

    public bool OkAfterResend { get; init; }

    /// <summary>{0}: the line number wanted.</summary>
    public string ResendFormat { get; init; } = "Resend: {0}";

    /// <summary>Each takes {0}: the last good line number.</summary>
    public string LineNumberError { get; init; } = "Error:Line Number is not Last Line Number+1, Last Line: {0}";
    public string ChecksumError { get; init; } = "Error:checksum mismatch, Last Line: {0}";
    public string NoChecksumError { get; init; } = "Error:No Checksum with line number, Last Line: {0}";
    public string NoLineNumberError { get; init; } = "Error:No Line Number with checksum, Last Line: {0}";

    /// <summary>
    /// Temperature report as it follows <c>ok</c> (M105) or stands alone (autoreport). {0} hotend,
    /// {1} hotend target, {2} bed, {3} bed target, {4} hotend power, {5} bed power, {6} probe, {7} ambient.
    /// </summary>
    public required string TemperatureFormat { get; init; }

    /// <summary>M114 answer. {0} X, {1} Y, {2} Z, {3} E.</summary>
    public string PositionFormat { get; init; } = "X:{0:F2} Y:{1:F2} Z:{2:F2} E:{3:F2} Count X:0 Y:0 Z:0";

    /// <summary>M155 is supported unless the options say otherwise.</summary>
    public bool AutoreportByDefault { get; init; }

    /// <summary>Whether M155 exists at all in this firmware.</summary>
    public bool SupportsAutoreport { get; init; }

    public bool SupportsAdvancedOk { get; init; }

    /// <summary>{0}: the whole command, {1}: its code. Null answers an unknown command with a plain ok.</summary>
    public string? UnknownCommandFormat { get; init; }

    public IReadOnlySet<string> KnownCommands { get; init; } = new HashSet<string>();

    /// <summary>Keepalive line printed every M113 interval while a command blocks; null for none.</summary>
    public string? BusyLine { get; init; }

    public IReadOnlyList<string> EmergencyStopLines { get; init; } = [];

    public IReadOnlyList<string> ThermalRunawayLines { get; init; } = [];

    /// <summary>What every line gets while halted, {0} being the halt reason; null ignores everything.</summary>
    public string? HaltedReply { get; init; }

    public bool HaltedReplyHasOk { get; init; }

    public string EmergencyStopReason { get; init; } = "M112 Shutdown";

    public string ThermalRunawayReason { get; init; } = "Thermal Runaway";

    /// <summary>The command that clears a halt; null when only a power cycle does.</summary>
    public string? ResetCommand { get; init; } = "M999";

    /// <summary><c>M115 U&lt;version&gt;</c> is a firmware version check answered with a bare ok (Prusa).</summary>
    public bool M115ArgumentIsVersionCheck { get; init; }

    public string LineEnding { get; init; } = "\n";
}
