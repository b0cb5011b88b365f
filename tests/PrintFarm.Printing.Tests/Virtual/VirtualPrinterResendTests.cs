using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterResendTests
{
    private static VirtualPrinterOptions Fast(VirtualPrinterDialect dialect) => new() { Baud = 0, Dialect = dialect };

    [TestCase("N2 G1 X10*0", "Error:checksum mismatch, Last Line: 1")]
    [TestCase("N3 G1 X10*21", "Error:Line Number is not Last Line Number+1, Last Line: 1")]
    [TestCase("N2 G1 X10", "Error:No Checksum with line number, Last Line: 1")]
    [TestCase("G1 X10*21", "Error:No Line Number with checksum, Last Line: 1")]
    public async Task BadLine_Marlin_ErrorResendOk(string bad, string error)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        await printer.SendFramedAsync(1, "M105");
        await printer.NextAsync();
        await printer.SendAsync(bad);
        Assert.That(await printer.NextAsync(3), Is.EqualTo(new[] { error, "Resend: 2", "ok" }));
        await printer.SendFramedAsync(2, "G1 X10");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        Assert.That(printer.Printer.Stats.ResendRequests, Is.EqualTo(1));
    }

    [TestCase(VirtualPrinterDialect.Marlin, new[] { "Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok", "ok" })]
    [TestCase(VirtualPrinterDialect.MarlinNoOkAfterResend, new[] { "Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok" })]
    [TestCase(VirtualPrinterDialect.Prusa, new[] { "Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok", "ok" })]
    [TestCase(VirtualPrinterDialect.Smoothieware, new[] { "rs N2", "ok" })]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, new[] { "ok" })]
    [TestCase(VirtualPrinterDialect.Klipper, new[] { "ok", "ok" })]
    public async Task BadChecksum_EachDialect_AnswersAsItsFirmware(VirtualPrinterDialect dialect, string[] expected)
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(dialect));
        await printer.SendFramedAsync(1, "G1 X1");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        await printer.SendAsync("N2 G1 X10*0");
        await printer.SendFramedAsync(2, "G1 X10");
        Assert.That(await printer.NextAsync(expected.Length), Is.EqualTo(expected));
        await printer.SendAsync("M105");
        Assert.That(await printer.NextAsync(), Does.StartWith("ok "), "nothing else came before the M105 answer");
    }

    [Test]
    public async Task Burst_CorruptLineWithMoreInFlight_OneErrorPerLineAllAskingForTheSameLine()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 115200 });
        await printer.SendFramedAsync(1, "G1 X1");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        var corrupt = LineFraming.Frame(2, "G1 X2").Replace("X2", "X3", StringComparison.Ordinal);
        await printer.SendAsync(corrupt, LineFraming.Frame(3, "G1 X3"), LineFraming.Frame(4, "G1 X4"));
        var lines = await printer.NextAsync(9);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok",
            "Error:Line Number is not Last Line Number+1, Last Line: 1", "Resend: 2", "ok",
            "Error:Line Number is not Last Line Number+1, Last Line: 1", "Resend: 2", "ok",
        }));
        await printer.SendAsync(LineFraming.Frame(2, "G1 X2"), LineFraming.Frame(3, "G1 X3"), LineFraming.Frame(4, "G1 X4"));
        Assert.That(await printer.NextAsync(3), Is.All.EqualTo("ok"));
        Assert.That(printer.Printer.Stats.ResendRequests, Is.EqualTo(3));
    }

    [Test]
    public async Task Burst_AllAlreadyInTheRing_IsThrownAwayWithOneError()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        var corrupt = LineFraming.Frame(1, "G1 X2").Replace("X2", "X3", StringComparison.Ordinal);
        await printer.SendAsync(corrupt, LineFraming.Frame(2, "G1 X3"), LineFraming.Frame(3, "G1 X4"));
        Assert.That(await printer.NextAsync(3), Is.EqualTo(new[] { "Error:checksum mismatch, Last Line: 0", "Resend: 1", "ok" }));
        await printer.SendAsync("M105");
        Assert.That(await printer.NextAsync(), Does.StartWith("ok T:"));
    }

    [Test]
    public async Task M110_SetsTheLastLineNumber()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        await printer.SendFramedAsync(0, "M110 N0");
        await printer.SendFramedAsync(1, "M105");
        Assert.That(await printer.NextAsync(2), Is.EqualTo(new[] { "ok", "ok T:21.40 /0.00 B:21.30 /0.00 @:0 B@:0" }));
        await printer.SendAsync("M110 N41");
        await printer.SendFramedAsync(42, "G1 X1");
        Assert.That(await printer.NextAsync(2), Is.EqualTo(new[] { "ok", "ok" }));
        await printer.SendFramedAsync(-1, "M110 N-1");
        await printer.SendFramedAsync(0, "G1 X2");
        await printer.SendFramedAsync(2, "G1 X3");
        Assert.That(await printer.NextAsync(5), Is.EqualTo(new[]
        {
            "ok", "ok", "Error:Line Number is not Last Line Number+1, Last Line: 0", "Resend: 1", "ok",
        }));
    }

    [Test]
    public async Task LongLine_IsCutAtMaxCmdSize_AndFailsItsChecksum()
    {
        await using var printer = await PrinterHarness.StartAsync(Fast(VirtualPrinterDialect.Marlin));
        var line = LineFraming.Frame(1, "M117 " + new string('a', 100));
        await printer.SendAsync(line);
        Assert.That(await printer.NextAsync(3), Is.EqualTo(new[] { "Error:No Checksum with line number, Last Line: 0", "Resend: 1", "ok" }));
    }

    [Test]
    public async Task Corruption_WithSeed_DrawsResendsAndIsCounted()
    {
        var options = new VirtualPrinterOptions { Baud = 0, CorruptProbability = 1, Seed = 7 };
        await using var printer = await PrinterHarness.StartAsync(options);
        await printer.SendFramedAsync(1, "G1 X10 Y10");
        var lines = await printer.NextAsync(3);
        Assert.That(lines[0], Does.StartWith("Error:"));
        Assert.That(lines.Skip(1), Is.EqualTo(new[] { "Resend: 1", "ok" }));
        Assert.That(printer.Printer.Stats.LinesCorrupted, Is.EqualTo(1));
    }
}
