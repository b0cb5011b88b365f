using PrintFarm.Printing.Protocol;

namespace PrintFarm.Printing.Tests.Protocol;

public class FirmwareInfoTests
{
    [TestCase("FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 29 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff",
        "Marlin 2.1.2.1 (Jun 29 2023 12:00:00)", "MACHINE_TYPE", "Ender-3")]
    [TestCase("FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000",
        "Prusa-Firmware 3.13.2 based on Marlin", "MACHINE_TYPE", "Prusa i3 MK3S")]
    [TestCase("FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.4.5 ELECTRONICS: Duet 3 MB6HC v1.01 FIRMWARE_DATE: 2022-11-30",
        "RepRapFirmware for Duet 3 MB6HC", "FIRMWARE_VERSION", "3.4.5")]
    [TestCase("FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-3332442, X-FIRMWARE_BUILD_DATE:Jun 30 2020 22:08:01, X-SYSTEM_CLOCK:100MHz, X-AXES:5",
        "Smoothieware", "FIRMWARE_VERSION", "edge-3332442")]
    [TestCase("ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396",
        "Klipper", "FIRMWARE_VERSION", "v0.12.0-85-gd785b396")]
    public void Parse_M115Replies_ReadsFields(string line, string name, string key, string value)
    {
        var info = FirmwareInfo.Parse([line]);
        Assert.That(info.Name, Is.EqualTo(name));
        Assert.That(info.Fields[key], Is.EqualTo(value));
    }

    [Test]
    public void Parse_CapLines_ReadsFlags()
    {
        var info = FirmwareInfo.Parse(["FIRMWARE_NAME:Marlin 2.1.2", "Cap:AUTOREPORT_TEMP:1", "Cap:EMERGENCY_PARSER:1", "Cap:AUTOREPORT_POS:0"]);
        Assert.That(info.Has("AUTOREPORT_TEMP"), Is.True);
        Assert.That(info.Has("EMERGENCY_PARSER"), Is.True);
        Assert.That(info.Has("AUTOREPORT_POS"), Is.False);
        Assert.That(info.Has("ADVANCED_OK"), Is.False);
    }
}
