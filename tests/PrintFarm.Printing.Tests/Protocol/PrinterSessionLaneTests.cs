using Microsoft.Extensions.Time.Testing;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
namespace PrintFarm.Printing.Tests.Protocol;

public class PrinterSessionLaneTests
{
    private static readonly TimeSpan Patience = ScriptedFirmware.Patience;

    [Test]
    public async Task Handshake_WithoutStart_DetectsProfileAndStartsAutoreport()
    {
        await using var h = SessionHarness.Create();
        await h.ConnectAsync(autoreport: true);
        Assert.That(h.Session.Profile!.Name, Is.EqualTo("marlin"));
        Assert.That(h.Session.State, Is.EqualTo(SessionState.Ready));
        await h.Firmware.SendAsync(" T:201.35 /210.00 B:59.80 /60.00 @:127 B@:0");
        await WaitUntil(() => h.Session.Temperatures is not null);
        Assert.That(h.Session.Temperatures!.Tool0!.Value.Actual, Is.EqualTo(201.35).Within(0.001));
    }

    [Test]
    public async Task ManualCommand_DuringJob_GoesBeforeNextJobLine()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X1"));
        var manual = h.Session.SendCommandAsync("M106 S255");
        await Task.Delay(50);
        await h.Firmware.SendAsync("ok");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((3L, "M106 S255")));
        await h.Firmware.SendAsync("ok");
        await manual.WaitAsync(Patience);
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((4L, "G1 X2")));
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [Test]
    public async Task PauseResumeCancel_RunProfileScripts()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        var profile = Support.Profiles.Catalog().Get("marlin");
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2", "G1 X3"));
        await h.Firmware.ReadCommandAsync();
        await h.Session.PauseAsync();
        await h.Firmware.SendAsync("ok");
        foreach (var expected in profile.Scripts.Pause)
        {
            Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo(expected));
            await h.Firmware.SendAsync("ok");
        }
        Assert.That(h.Session.State, Is.EqualTo(SessionState.Paused));
        await h.Session.ResumeAsync();
        foreach (var expected in profile.Scripts.Resume)
        {
            Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo(expected));
            await h.Firmware.SendAsync("ok");
        }
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X2"));
        await h.Session.CancelAsync();
        await h.Firmware.SendAsync("ok");
        foreach (var expected in profile.Scripts.Cancel)
        {
            Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo(expected));
            await h.Firmware.SendAsync("ok");
        }
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Cancelled));
        Assert.That(h.Transport.Written.Any(l => l.Contains("G1 X3", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task BusyLines_DuringLongMove_NoTimeoutProbe()
    {
        var fake = new FakeTimeProvider();
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok }, fake);
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G28", "G1 X1"));
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G28"));
        for (var i = 0; i < 6; i++)
        {
            await h.Firmware.SendAsync("echo:busy: processing");
            await WaitUntil(() => h.Session.Counters.Timeouts == 0);
            await Task.Delay(20);
            fake.Advance(TimeSpan.FromSeconds(2));
        }
        await h.Firmware.SendAsync("ok");
        // Without autoreport the host polls temperatures (M105) on the priority lane, never a timeout probe.
        string next;
        while ((next = (await h.Firmware.ReadCommandAsync()).Command) == "M105")
            await h.Firmware.SendAsync("ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0");
        Assert.That(next, Is.EqualTo("G1 X1"));
        Assert.That(h.Session.Counters.Timeouts, Is.Zero);
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [Test]
    public async Task Silence_WithLineOutstanding_ProbesWithM105()
    {
        var fake = new FakeTimeProvider();
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok }, fake);
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X1"));
        fake.Advance(TimeSpan.FromSeconds(6));
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("M105"));
        Assert.That(h.Session.Counters.Probes, Is.EqualTo(1));
        await h.Firmware.SendAsync("ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0");
        Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("G1 X2"));
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
        Assert.That(h.Session.Temperatures!.Bed!.Value.Target, Is.EqualTo(60.0));
    }

    [Test]
    public async Task AdvancedOk_AcknowledgesThroughLineNumber()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Window });
        await h.ConnectAsync(caps: "ADVANCED_OK");
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2", "G1 X3"));
        for (var n = 2; n <= 4; n++)
            Assert.That((await h.Firmware.ReadCommandAsync()).Number, Is.EqualTo(n));
        await h.Firmware.SendAsync("ok N4 P15 B3");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("condition not reached in time");
            await Task.Delay(10);
        }
    }
}
