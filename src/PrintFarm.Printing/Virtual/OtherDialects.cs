namespace PrintFarm.Printing.Virtual;

/// <summary>Klipper, RepRapFirmware and Smoothieware, as their sources print it.</summary>
internal static class OtherDialects
{
    public static readonly DialectProfile Klipper = new()
    {
        Name = "Klipper",
        FirmwareInfo = "FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-0-g0000000",
        FirmwareInfoOnOk = true,
        LineErrorReply = LineErrorReply.Silent,
        TemperatureFormat = " B:{2:F1} /{3:F1} T0:{0:F1} /{1:F1}",
        PositionFormat = "X:{0:F3} Y:{1:F3} Z:{2:F3} E:{3:F3}",
        UnknownCommandFormat = "// Unknown command:\"{1}\"",
        KnownCommands = KnownCommands.Klipper,
        EmergencyStopLines = ["!! Shutdown due to M112 command", "// Klipper state: Shutdown"],
        ThermalRunawayLines = ["!! Heater extruder not heating at expected rate", "// Klipper state: Shutdown"],
        HaltedReply = "!! {0}",
        HaltedReplyHasOk = true,
        EmergencyStopReason = "Shutdown due to M112 command",
        ThermalRunawayReason = "Heater extruder not heating at expected rate",
        ResetCommand = "FIRMWARE_RESTART",
    };

    public static readonly DialectProfile RepRapFirmware = new()
    {
        Name = "RepRapFirmware",
        FirmwareInfo = "FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.4.5 " +
            "ELECTRONICS: Duet 3 MB6HC v1.01 or later FIRMWARE_DATE: 2022-11-30 19:36:12",
        ChecksChecksums = true,
        LineErrorReply = LineErrorReply.Silent,
        TemperatureFormat = " T:{0:F1} /{1:F1} B:{2:F1} /{3:F1}",
        PositionFormat = "X:{0:F3} Y:{1:F3} Z:{2:F3} E:{3:F3} E0:{3:F1} Count 0 0 0 Machine {0:F3} {1:F3} {2:F3} Bed comp 0.000",
        UnknownCommandFormat = "Warning: {1}: Command is not supported",
        KnownCommands = KnownCommands.RepRapFirmware,
        EmergencyStopLines = ["Emergency Stop! Reset the controller to continue."],
        ThermalRunawayLines = ["Error: Heater 1 fault: temperature rising much more slowly than the expected rate"],
        EmergencyStopReason = "Emergency Stop",
        ThermalRunawayReason = "Heater 1 fault",
    };

    public static readonly DialectProfile Smoothieware = new()
    {
        Name = "Smoothieware",
        FirmwareInfo = "FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, " +
            "X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-3332442, " +
            "X-FIRMWARE_BUILD_DATE:Jan 27 2020 13:20:37, X-SYSTEM_CLOCK:100MHz, X-AXES:5, X-GRBL_MODE:0, X-ARCS:1",
        ChecksLineNumbers = true,
        ChecksChecksums = true,
        LineErrorReply = LineErrorReply.ResendOnly,
        ResendFormat = "rs N{0}",
        TemperatureFormat = " T:{0:F1} /{1:F1} @{4} B:{2:F1} /{3:F1} @{5}",
        PositionFormat = "C: X:{0:F4} Y:{1:F4} Z:{2:F4}",
        EmergencyStopLines = ["ok Emergency Stop Requested - reset or M999 required to exit HALT state"],
        ThermalRunawayLines =
        [
            "Error: Temperature runaway on T (delta temp 25.000000), HALT asserted, TURN POWER OFF IMMEDIATELY - reset or M999 required",
        ],
        HaltedReply = "!!",
        LineEnding = "\r\n",
    };
}
