using System.Diagnostics;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterWireTests
{
    [Test]
    public async Task Baud9600_HundredBytes_TakeAboutATenthOfASecond()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 9600 });
        var line = "G1 X1 ;" + new string('-', 92);
        Assert.That(line.Length + 1, Is.EqualTo(100));
        var sent = Stopwatch.GetTimestamp();
        await printer.SendAsync(line);
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        var elapsed = Stopwatch.GetElapsedTime(sent);
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(102)), "99 byte times in, 2 out, at 1.04 ms each");
    }

    [Test]
    public async Task Baud9600_LongReply_IsSerialisedByteByByte()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 9600 });
        var sent = Stopwatch.GetTimestamp();
        await printer.SendAsync("M115");
        var lines = await printer.UntilAsync(line => line == "ok");
        var elapsed = Stopwatch.GetElapsedTime(sent);
        var bytes = lines.Sum(line => line.Length + 1) + "M115\n".Length;
        Assert.That(bytes, Is.GreaterThan(800));
        Assert.That(elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo((bytes - 2) * 10 / 9.6));
    }

    [Test]
    public async Task Latency_IsPaidInBothDirections()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 0, LatencyMs = 40 });
        var sent = Stopwatch.GetTimestamp();
        await printer.SendAsync("M105");
        Assert.That(await printer.NextAsync(), Does.StartWith("ok T:"));
        Assert.That(Stopwatch.GetElapsedTime(sent), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(80)));
    }

    [Test]
    public async Task Baud250000_WithOneMillisecondLatency_RoundTripIsNotShort()
    {
        await using var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { LatencyMs = 1 });
        var sent = Stopwatch.GetTimestamp();
        await printer.SendFramedAsync(1, "M105");
        var reply = await printer.NextAsync();
        var elapsed = Stopwatch.GetElapsedTime(sent);
        var bytes = "N1 M105*38\n".Length - 1 + reply.Length;
        Assert.That(elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(2 + bytes * 0.04 - 0.05));
    }

    [Test]
    public async Task ExecutedCommandLog_HasEachCommandWithoutFraming()
    {
        var path = Path.Combine(Path.GetTempPath(), $"printfarm-vp-{Guid.NewGuid():N}.log");
        try
        {
            await using (var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 0, LogPath = path }))
            {
                await printer.SendAsync(LineFraming.Frame(1, "G1 X10 Y10 E0.5"), "G28 ; home", "N2 M105*1");
                await printer.UntilAsync(line => line.StartsWith("Resend:", StringComparison.Ordinal));
                await printer.SendFramedAsync(2, "M105");
                await printer.UntilAsync(line => line.StartsWith("ok T:", StringComparison.Ordinal));
            }
            Assert.That(await File.ReadAllLinesAsync(path), Is.EqualTo(new[] { "G1 X10 Y10 E0.5", "G28", "M105" }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task ExecutedCommandLog_Writer_ReceivesCommandsInOrder()
    {
        using var writer = new StringWriter();
        await using (var printer = await PrinterHarness.StartAsync(new VirtualPrinterOptions { Baud = 0, LogWriter = writer }))
        {
            await printer.SendAsync("M104 S200", "G90", "G1 X1 F3000");
            await printer.NextAsync(3);
        }
        Assert.That(writer.ToString(), Is.EqualTo("M104 S200\nG90\nG1 X1 F3000\n".ReplaceLineEndings()));
    }
}
