using System.Diagnostics;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterMotionTests
{
    [Test]
    public async Task Motion_FullPlanner_DelaysTheOkUntilABlockFinishes()
    {
        var options = new VirtualPrinterOptions { Baud = 0, Motion = true, PlannerSlots = 2 };
        await using var printer = await PrinterHarness.StartAsync(options);
        await printer.SendAsync("G1 X10 F1200", "G1 X20");
        Assert.That(await printer.NextAsync(2), Is.All.EqualTo("ok"));
        var sent = Stopwatch.GetTimestamp();
        await printer.SendAsync("G1 X30");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        Assert.That(Stopwatch.GetElapsedTime(sent), Is.GreaterThan(TimeSpan.FromMilliseconds(400)), "10 mm at 20 mm/s had to finish first");
    }

    [Test]
    public async Task PingPong_WithLatency_StarvesThePlanner()
    {
        var options = new VirtualPrinterOptions { Baud = 0, LatencyMs = 20, Motion = true };
        await using var printer = await PrinterHarness.StartAsync(options);
        for (var i = 1; i <= 8; i++)
        {
            await printer.SendAsync(FormattableString.Invariant($"G1 X{i} F6000"));
            Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        }
        await printer.SendAsync("M400");
        Assert.That(await printer.NextAsync(), Is.EqualTo("ok"));
        var stats = printer.Printer.Stats;
        Assert.That(stats.Underruns, Is.EqualTo(7), "each 10 ms move ended before the next arrived, 40 ms later");
        Assert.That(stats.PlannerStarvation, Is.GreaterThan(TimeSpan.FromMilliseconds(7 * 25)));
        Assert.That(stats.LastMoveEndAt - stats.FirstMoveAt, Is.GreaterThan(TimeSpan.FromMilliseconds(7 * 35)));
    }

    [Test]
    public async Task Streaming_AheadOfThePlanner_NeverStarvesIt()
    {
        var options = new VirtualPrinterOptions { Baud = 0, LatencyMs = 20, Motion = true, QueueSlots = 8, RxBufferBytes = 512 };
        await using var printer = await PrinterHarness.StartAsync(options);
        var moves = Enumerable.Range(1, 12).Select(i => FormattableString.Invariant($"G1 X{i * 10} F6000")).ToArray();
        await printer.SendAsync(moves);
        await printer.SendAsync("M400");
        Assert.That(await printer.NextAsync(13), Is.All.EqualTo("ok"));
        Assert.That(printer.Printer.Stats.Underruns, Is.Zero);
        Assert.That(printer.Printer.Stats.PlannerStarvation, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task G28_LongerThanTheKeepaliveInterval_PrintsBusyBeforeItsOk()
    {
        var options = new VirtualPrinterOptions { Baud = 0, Motion = true };
        await using var printer = await PrinterHarness.StartAsync(options);
        await printer.SendAsync("M113 S1", "G92 X60 Y0 Z0", "G28");
        var lines = await printer.NextAsync(4);
        Assert.That(lines, Is.EqualTo(new[] { "ok", "ok", "echo:busy: processing", "ok" }), "homing takes 0.5 s + 60 mm at 50 mm/s");
    }

    [Test]
    public async Task FullQueue_HostBlastsMoreThanTheRing_BytesAreDroppedAndTheCutLineIsRefused()
    {
        var options = new VirtualPrinterOptions { Baud = 0, Motion = true, TimeScale = 10, PlannerSlots = 1, QueueSlots = 2 };
        await using var printer = await PrinterHarness.StartAsync(options);
        var lines = Enumerable.Range(1, 20).Select(n => LineFraming.Frame(n, FormattableString.Invariant($"G1 X{n * 5} F3000")) + "\n").ToArray();
        var fitting = lines.Select((line, i) => lines.Take(i + 1).Sum(l => l.Length)).Count(end => end <= options.RxBufferBytes);
        await printer.SendAsync(string.Concat(lines).TrimEnd('\n'));
        Assert.That(await printer.NextAsync(fitting), Is.All.EqualTo("ok"), "only the lines that fitted in the ring were read");
        await printer.SendFramedAsync(21, "G1 X0");
        Assert.That(await printer.NextAsync(3), Is.EqualTo(new[]
        {
            FormattableString.Invariant($"Error:checksum mismatch, Last Line: {fitting}"),
            FormattableString.Invariant($"Resend: {fitting + 1}"),
            "ok",
        }), "the cut line ran into the next one");
        var total = lines.Sum(line => line.Length);
        Assert.That(printer.Printer.Stats.BytesDropped, Is.EqualTo(total - options.RxBufferBytes));
    }
}
