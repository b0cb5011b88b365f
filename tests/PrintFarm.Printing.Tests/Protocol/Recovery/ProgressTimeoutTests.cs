using Microsoft.Extensions.Time.Testing;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
namespace PrintFarm.Printing.Tests.Protocol.Recovery;

/// <summary>Progress, not chatter: what resets the clocks, what draws a probe, and the watchdog. Virtual time.</summary>
public class ProgressTimeoutTests
{
    private const string Autoreport = " T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0";
    private const string TemperatureOk = "ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0";
    private static readonly TimeSpan Patience = ScriptedFirmware.Patience;

    [Test]
    [CancelAfter(30_000)]
    public async Task Timeout_AutoreportsEverySecond_StillProbes(CancellationToken cancellationToken)
    {
        var fake = new FakeTimeProvider();
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, StallProbeMinimum = TimeSpan.FromSeconds(30) }, fake);
        await h.ConnectAsync();
        var counter = new LineCounter(h.Session);
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"), cancellationToken);
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X1"));
        // The ok of G1 X1 is lost (the probe comes within the 5 s communication timeout at the latest); the firmware keeps printing temperatures and echo lines.
        for (var i = 0; i < 6; i++)
        {
            await h.Firmware.SendAsync(Autoreport, "echo:chatter");
            await WaitForLinesAsync(counter, 2 * (i + 1), cancellationToken);
            fake.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("M105"));
        Assert.That(h.Session.Counters.Probes, Is.EqualTo(1));
        await h.Firmware.SendAsync(TemperatureOk);
        // A temperature poll queued meanwhile (no autoreport here) may come first; G1 X1 never comes again.
        string next;
        while ((next = (await h.Firmware.ReadCommandAsync()).Command) == "M105")
            await h.Firmware.SendAsync(TemperatureOk);
        Assert.That(next, Is.EqualTo("G1 X2"), "the probe's answer settled G1 X1; it is not sent again");
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience, cancellationToken)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Wait_WithLineInFlight_ProbesAtOnce(CancellationToken cancellationToken)
    {
        var fake = new FakeTimeProvider();
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok }, fake);
        await h.ConnectAsync();
        var counter = new LineCounter(h.Session);
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"), cancellationToken);
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X1"));
        await h.Firmware.SendAsync("wait");
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("M105"));
        Assert.That(h.Session.Counters.Timeouts, Is.Zero, "no time passed: wait alone is the resync point");
        await h.Firmware.SendAsync(TemperatureOk);
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X2"));
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience, cancellationToken)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watchdog_ChattyFirmwareThatNeverAnswers_InterruptsJobWithReason(CancellationToken cancellationToken)
    {
        var fake = new FakeTimeProvider();
        var watchdog = TimeSpan.FromSeconds(30);
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, Watchdog = watchdog }, fake);
        await h.ConnectAsync();
        var counter = new LineCounter(h.Session);
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"), cancellationToken);
        await h.Firmware.ReadCommandAsync();
        var elapsed = TimeSpan.Zero;
        var lines = 0;
        while (!job.IsCompleted && elapsed < watchdog * 2)
        {
            await h.Firmware.SendAsync(Autoreport);
            await WaitForLinesAsync(counter, ++lines, cancellationToken);
            fake.Advance(TimeSpan.FromSeconds(1));
            elapsed += TimeSpan.FromSeconds(1);
            await Task.Delay(5, cancellationToken);
        }
        var result = await job.WaitAsync(Patience, cancellationToken);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Interrupted));
        Assert.That(result.Reason, Does.Contain("no progress for"));
        Assert.That(result.Reason, Does.Not.Contain("\n"));
        Assert.That(elapsed, Is.LessThanOrEqualTo(watchdog + TimeSpan.FromSeconds(2)));
        Assert.That(h.Session.State, Is.EqualTo(SessionState.Interrupted));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watchdog_BusyDuringLongHoming_DoesNotInterrupt(CancellationToken cancellationToken)
    {
        var fake = new FakeTimeProvider();
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, Watchdog = TimeSpan.FromSeconds(30) }, fake);
        await h.ConnectAsync();
        var counter = new LineCounter(h.Session);
        var job = h.Session.RunJobAsync(SessionHarness.Job("G28"), cancellationToken);
        await h.Firmware.ReadCommandAsync();
        for (var i = 0; i < 30; i++)
        {
            await h.Firmware.SendAsync("echo:busy: processing");
            await WaitForLinesAsync(counter, i + 1, cancellationToken);
            fake.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.That(job.IsCompleted, Is.False, "60 s of homing with busy reports is not a stall");
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience, cancellationToken)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    /// <summary>Waits until the session loop has handled <paramref name="count"/> lines since the counter was made.</summary>
    private static async Task WaitForLinesAsync(LineCounter counter, int count, CancellationToken cancellationToken)
    {
        while (counter.Seen < count)
            await Task.Delay(2, cancellationToken);
    }

    private sealed class LineCounter
    {
        private int _seen;

        public LineCounter(PrinterSession session) => session.LineReceived += _ => Interlocked.Increment(ref _seen);

        public int Seen => Volatile.Read(ref _seen);
    }
}
