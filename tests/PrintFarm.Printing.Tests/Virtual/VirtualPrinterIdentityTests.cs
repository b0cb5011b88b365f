using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterIdentityTests
{
    private static VirtualPrinterOptions Fast(VirtualPrinterDialect dialect) => new() { Baud = 0, Dialect = dialect };

    [TestCase(VirtualPrinterDialect.Marlin, "FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 29 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Virtual EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff")]
    [TestCase(VirtualPrinterDialect.Prusa, "FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.4.5 ELECTRONICS: Duet 3 MB6HC v1.01 or later FIRMWARE_DATE: 2022-11-30 19:36:12")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-3332442, X-FIRMWARE_BUILD_DATE:Jan 27 2020 13:20:37, X-SYSTEM_CLOCK:100MHz, X-AXES:5, X-GRBL_MODE:0, X-ARCS:1")]
    public async Task M115_FirstLineIdentifiesTheFirmware_AndEndsWithOk(VirtualPrinterDialect dialect, string expected)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(dialect));
        await printer.SendFramedAsync(1, "M115");
        var lines = await printer.UntilAsync(line => line.StartsWith("ok", StringComparison.Ordinal));
        Assert.That(lines[0], Is.EqualTo(expected));
        Assert.That(lines[^1], Is.EqualTo("ok"));
        Assert.That(lines.Skip(1).SkipLast(1), Is.All.StartWith("Cap:"));
    }

    [Test]
    public async Task M115_Klipper_PutsTheFirmwareOnTheOkLine()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Klipper));
        await printer.SendAsync("M115");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-0-g0000000"));
    }

    [TestCase(false, true, true, "Cap:AUTOREPORT_TEMP:1", "Cap:EMERGENCY_PARSER:1", "Cap:ADVANCED_OK:0")]
    [TestCase(true, false, false, "Cap:AUTOREPORT_TEMP:0", "Cap:EMERGENCY_PARSER:0", "Cap:ADVANCED_OK:1")]
    public async Task M115_Marlin_CapabilitiesFollowTheOptions(bool advancedOk, bool autoreport, bool emergencyParser,
        string autoreportCap, string emergencyCap, string advancedOkCap)
    {
        var options = Fast(VirtualPrinterDialect.Marlin) with
        {
            AdvancedOk = advancedOk, AutoreportTemp = autoreport, EmergencyParser = emergencyParser,
        };
        await using var printer = await PrinterHarness.StartAsync(options);
        await printer.SendAsync("M115");
        var lines = await printer.UntilAsync(line => line.StartsWith("ok", StringComparison.Ordinal));
        foreach (var cap in new[] { autoreportCap, emergencyCap, advancedOkCap, "Cap:EEPROM:1", "Cap:AUTOREPORT_POS:0", "Cap:PROGRESS:0" })
            Assert.That(lines, Has.Member(cap));
    }

    [Test]
    public async Task M115_Prusa_ListsPrusaCapabilities()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Prusa));
        await printer.SendAsync("M115");
        var lines = await printer.UntilAsync(line => line.StartsWith("ok", StringComparison.Ordinal));
        Assert.That(lines, Has.Member("Cap:AUTOREPORT_TEMP:1"));
        Assert.That(lines, Has.Member("Cap:EXTENDED_M20:1"));
    }
}
