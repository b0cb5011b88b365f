using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterReplyTests
{
    private static VirtualPrinterOptions Fast(VirtualPrinterDialect dialect) => new() { Baud = 0, Dialect = dialect };

    [TestCase(VirtualPrinterDialect.Marlin, "ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0")]
    [TestCase(VirtualPrinterDialect.Prusa, "ok T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 @:127 B@:0 P:35.0 A:26.0")]
    [TestCase(VirtualPrinterDialect.Klipper, "ok B:60.0 /60.0 T0:210.0 /210.0")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "ok T:210.0 /210.0 B:60.0 /60.0")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "ok T:210.0 /210.0 @127 B:60.0 /60.0 @0")]
    public async Task M105_AfterHeating_ReportsInTheDialectsFormat(VirtualPrinterDialect dialect, string expected)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(dialect));
        await printer.SendAsync("M104 S210", "M190 S60", "M105");
        var lines = await printer.NextAsync(3);
        Assert.That(lines, Is.EqualTo(new[] { "ok", "ok", expected }));
    }

    [Test]
    public async Task M105_Cold_ReportsAmbientAndNoTargets()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        await printer.SendFramedAsync(1, "M105");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok T:21.40 /0.00 B:21.30 /0.00 @:0 B@:0"));
    }

    [Test]
    public async Task M155_Marlin_AutoreportsWithoutOkUntilStopped()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        await printer.SendAsync("M104 S200", "M155 S1");
        Assert.That(await printer.NextAsync(2), Is.EqualTo(new[] { "ok", "ok" }));
        var reports = await printer.NextAsync(2);
        Assert.That(reports, Is.All.EqualTo(" T:200.00 /200.00 B:21.30 /0.00 @:127 B@:0"));
    }

    [TestCase(VirtualPrinterDialect.Klipper, "// Unknown command:\"M155\"")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "Warning: M155: Command is not supported")]
    public async Task M155_WithoutAutoreport_IsAnUnknownCommand(VirtualPrinterDialect dialect, string expected)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(dialect));
        await printer.SendAsync("M155 S1");
        Assert.That(await printer.NextAsync(2), Is.EqualTo(new[] { expected, "ok" }));
    }

    [TestCase(VirtualPrinterDialect.Marlin, "echo:Unknown command: \"G999 X1\"")]
    [TestCase(VirtualPrinterDialect.Prusa, "echo:Unknown command: \"G999 X1\"")]
    [TestCase(VirtualPrinterDialect.Klipper, "// Unknown command:\"G999\"")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "Warning: G999: Command is not supported")]
    public async Task UnknownCommand_IsReportedThenAcknowledged(VirtualPrinterDialect dialect, string expected)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(dialect));
        await printer.SendFramedAsync(1, "G999 X1");
        Assert.That(await printer.NextAsync(2), Is.EqualTo(new[] { expected, "ok" }));
    }

    [Test]
    public async Task UnknownCommand_Smoothieware_IsJustAcknowledged()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Smoothieware));
        await printer.SendAsync("G999", "M105");
        Assert.That(await printer.NextAsync(2), Is.EqualTo(new[] { "ok", "ok T:21.4 /0.0 @0 B:21.3 /0.0 @0" }));
    }

    [TestCase("M862.3 P \"MK3S\"")]
    [TestCase("M862.1 P0.4")]
    [TestCase("M115 U3.13.2")]
    public async Task PrusaChecks_AreAcceptedWithABareOk(string command)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Prusa));
        await printer.SendFramedAsync(1, command);
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task AdvancedOk_ReportsLineNumberPlannerAndQueueSpace()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin) with { AdvancedOk = true });
        await printer.SendFramedAsync(7, "M110 N7");
        await printer.SendFramedAsync(8, "G1 X10");
        await printer.SendAsync("G1 X20");
        Assert.That(await printer.NextAsync(3), Is.EqualTo(new[] { "ok N7 P16 B3", "ok N8 P16 B3", "ok P16 B3" }));
    }

    [Test]
    public async Task M114_ReportsThePositionAfterMoves()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        await printer.SendAsync("G91", "G1 X5 Y-2", "G1 X5 E1.5", "M114");
        var lines = await printer.NextAsync(5);
        Assert.That(lines[3], Is.EqualTo("X:10.00 Y:-2.00 Z:0.00 E:1.50 Count X:0 Y:0 Z:0"));
    }
}
