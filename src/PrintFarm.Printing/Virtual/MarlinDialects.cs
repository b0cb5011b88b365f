namespace PrintFarm.Printing.Virtual;

/// <summary>Marlin and its descendants, as their sources print it.</summary>
internal static class MarlinDialects
{
    private const string Busy = "echo:busy: processing";
    private const string Killed = "Error:Printer halted. kill() called!";

    public static readonly DialectProfile Marlin = new()
    {
        Name = "Marlin",
        FirmwareInfo = "FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 29 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin " +
            "PROTOCOL_VERSION:1.0 MACHINE_TYPE:Virtual EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff",
        Capabilities = Caps(
            "SERIAL_XON_XOFF:0 BINARY_FILE_TRANSFER:0 EEPROM:1 VOLUMETRIC:1 AUTOREPORT_POS:0 AUTOREPORT_TEMP:1 " +
            "PROGRESS:0 PRINT_JOB:1 AUTOLEVEL:0 RUNOUT:0 Z_PROBE:0 LEVELING_DATA:0 BUILD_PERCENT:0 SOFTWARE_POWER:0 " +
            "TOGGLE_LIGHTS:0 CASE_LIGHT_BRIGHTNESS:0 EMERGENCY_PARSER:1 HOST_ACTION_COMMANDS:0 PROMPT_SUPPORT:0 " +
            "SDCARD:0 REPEAT:0 SD_WRITE:0 AUTOREPORT_SD_STATUS:0 LONG_FILENAME:0 EXTENDED_M20:0 THERMAL_PROTECTION:1 " +
            "MOTION_MODES:0 ARCS:1 BABYSTEPPING:0 CHAMBER_TEMPERATURE:0 COOLER_TEMPERATURE:0 MEATPACK:0 " +
            "CONFIG_EXPORT:0 ADVANCED_OK:0"),
        CapabilitiesFollowOptions = true,
        ChecksLineNumbers = true,
        ChecksChecksums = true,
        RequiresChecksumWithLineNumber = true,
        RejectsChecksumWithoutLineNumber = true,
        LineErrorReply = LineErrorReply.ErrorThenResend,
        FlushesReceiveBufferOnError = true,
        OkAfterResend = true,
        TemperatureFormat = " T:{0:F2} /{1:F2} B:{2:F2} /{3:F2} @:{4} B@:{5}",
        AutoreportByDefault = true,
        SupportsAutoreport = true,
        SupportsAdvancedOk = true,
        UnknownCommandFormat = "echo:Unknown command: \"{0}\"",
        KnownCommands = KnownCommands.Marlin,
        BusyLine = Busy,
        EmergencyStopLines = [Killed],
        ThermalRunawayLines = ["Error:Thermal Runaway, system stopped! Heater_ID: 0", Killed],
    };

    /// <summary>Marlin around 2.0.9 sends <c>Resend:</c> without the <c>ok</c> that used to follow it.</summary>
    public static readonly DialectProfile MarlinNoOkAfterResend = Marlin with
    {
        Name = "Marlin (no ok after Resend)",
        FirmwareInfo = "FIRMWARE_NAME:Marlin 2.0.9.1 (Jul  6 2021 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin " +
            "PROTOCOL_VERSION:1.0 MACHINE_TYPE:Virtual EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff",
        OkAfterResend = false,
    };

    /// <summary>A Marlin-reporting build that asks for a line again Smoothieware's way: <c>rs N42</c>, nothing else.</summary>
    public static readonly DialectProfile MarlinRs = Marlin with
    {
        Name = "Marlin (rs resends)",
        LineErrorReply = LineErrorReply.ResendOnly,
        ResendFormat = "rs N{0}",
        OkAfterResend = false,
    };

    public static readonly DialectProfile Prusa = Marlin with
    {
        Name = "Prusa-Firmware",
        FirmwareInfo = "FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware " +
            "PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000",
        Capabilities = Caps("AUTOREPORT_TEMP:1 AUTOREPORT_FANS:1 AUTOREPORT_POSITION:1 EXTENDED_M20:1 PRUSA_MMU2:1"),
        TemperatureFormat = " T:{0:F1} /{1:F1} B:{2:F1} /{3:F1} T0:{0:F1} /{1:F1} @:{4} B@:{5} P:{6:F1} A:{7:F1}",
        PositionFormat = "X:{0:F2} Y:{1:F2} Z:{2:F2} E:{3:F2} Count X: {0:F2} Y:{1:F2} Z:{2:F2} E:{3:F2}",
        SupportsAdvancedOk = false,
        KnownCommands = KnownCommands.Prusa,
        M115ArgumentIsVersionCheck = true,
    };

    private static KeyValuePair<string, bool>[] Caps(string list) =>
        list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(item => item.Split(':'))
            .Select(parts => KeyValuePair.Create(parts[0], parts[1] == "1"))
            .ToArray();
}
