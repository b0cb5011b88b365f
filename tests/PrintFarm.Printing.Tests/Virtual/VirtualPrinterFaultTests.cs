using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterFaultTests
{
    [Test]
    public async Task HaltAfter_ReportsThermalRunawayThenIgnoresEverythingUntilM999()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 0, HaltAfter = 2 });
        await printer.SendAsync("M104 S200", "G28", "G1 X10");
        Assert.That(await printer.NextAsync(4), Is.EqualTo(new[]
        {
            "ok", "ok", "Error:Thermal Runaway, system stopped! Heater_ID: 0", "Error:Printer halted. kill() called!",
        }));
        await printer.SendAsync("M105", "M999");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"), "M105 got no answer, M999 did");
        Assert.That(printer.Printer.Stats.CommandsExecuted, Is.EqualTo(2));
        await printer.SendAsync("M105");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok T:21.40 /0.00 B:21.30 /0.00 @:0 B@:0"), "heaters were turned off");
    }

    [TestCase(VirtualPrinterDialect.Smoothieware, new[] { "!!" })]
    [TestCase(VirtualPrinterDialect.Klipper, new[] { "!! Heater extruder not heating at expected rate", "ok" })]
    public async Task HaltAfter_ErrorDialects_AnswerEveryLineWhileHalted(VirtualPrinterDialect dialect, string[] expected)
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 0, HaltAfter = 1, Dialect = dialect });
        await printer.SendAsync("G28");
        await printer.UntilAsync(line => line.Contains("Heater", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        if (dialect == VirtualPrinterDialect.Klipper)
            Assert.That(await printer.NextAsync(), Is.EqualTo("// Klipper state: Shutdown"));
        await printer.SendAsync("G1 X1");
        Assert.That(await printer.NextAsync(expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public async Task DisconnectAfter_ClosesTheLinkAfterTheLastOk()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 0, DisconnectAfter = 3 });
        await printer.SendAsync("G28", "M105", "G1 X1", "G1 X2", "G1 X3");
        var lines = await printer.NextAsync(3);
        Assert.That(lines[0], Is.EqualTo("ok"));
        Assert.That(lines[2], Is.EqualTo("ok"));
        Assert.ThrowsAsync<TransportException>(async () => await printer.LinkClosed.WaitAsync(PrinterHarness.Deadline));
        await printer.Run.WaitAsync(PrinterHarness.Deadline);
        Assert.That(printer.Printer.Stats.CommandsExecuted, Is.EqualTo(3));
        Assert.That(printer.Printer.Stats.Disconnected, Is.True);
    }

    [Test]
    public async Task M112_WithEmergencyParser_HaltsAtOnceEvenWithAFullQueue()
    {
        var options = new VirtualPrinterOptions { Baud = 0, Motion = true, PlannerSlots = 1, QueueSlots = 2 };
        await using var printer = await PrinterHarness.StartAsync(options);
        await printer.SendAsync("G1 X100 F60", "G1 X200", "G1 X300", "G1 X400");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        await printer.SendAsync("M112");
        Assert.That(await printer.NextAsync(), Is.EqualTo("Error:Printer halted. kill() called!"));
        Assert.That(printer.Printer.Stats.Halted, Is.True);
        Assert.That(printer.Printer.Stats.CommandsExecuted, Is.EqualTo(1));
    }

    [Test]
    public async Task M112_WithoutEmergencyParser_WaitsForAQueueSlot()
    {
        var options = new VirtualPrinterOptions { Baud = 0, Motion = true, TimeScale = 20, PlannerSlots = 1, QueueSlots = 2, EmergencyParser = false };
        await using var printer = await PrinterHarness.StartAsync(options);
        await printer.SendAsync("G1 X10 F600", "G1 X20", "G1 X30", "M112");
        var lines = await printer.UntilAsync(line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.That(lines, Is.EqualTo(new[] { "ok", "ok", "Error:Printer halted. kill() called!" }));
    }
}
