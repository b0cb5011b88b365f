using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
namespace PrintFarm.Printing.Tests.Protocol;

public class PrinterSessionResendTests
{
    private static readonly TimeSpan Patience = ScriptedFirmware.Patience;

    [Test]
    public async Task Resend_WithFollowingOk_ReplaysRequestedLine()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("ok");
        // Until it is known whether resend requests draw an ok, an M105 after the replay makes a sync point.
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((3L, "M105")));
        await h.Firmware.SendAsync("ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((4L, "G1 X2")));
        await h.Firmware.SendAsync("ok");
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed));
        Assert.That(result.Progress.Resends, Is.EqualTo(1));
    }

    [Test]
    public async Task Resend_WithoutOk_ReplaysAndCountsNextOkAsAck()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, OkAfterResend = false });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("Error:checksum mismatch, Last Line: 1", "Resend: 2");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("ok");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((3L, "G1 X2")));
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [TestCase("rs N2")]
    [TestCase("rs 2")]
    [TestCase("resend 2")]
    public async Task Resend_SmoothiewareRs_Replays(string request)
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, OkAfterResend = false });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1"));
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync(request);
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [Test]
    public async Task Resend_DuplicateRequestsForSameLine_ReplaysOnce()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Window });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2", "G1 X3", "G1 X4"));
        for (var n = 2; n <= 5; n++)
            Assert.That((await h.Firmware.ReadCommandAsync()).Number, Is.EqualTo(n));
        // Line 2 was bad; lines 3..5 were already on the wire and each draws the same request.
        var replies = new List<string> { "Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok" };
        for (var n = 3; n <= 5; n++)
            replies.AddRange(["Error:Line Number is not Last Line Number+1, Last Line: 1", "Resend: 2", "ok"]);
        await h.Firmware.SendAsync([.. replies]);
        var replayed = new List<long>();
        for (var n = 2; n <= 5; n++)
            replayed.Add((await h.Firmware.ReadCommandAsync()).Number);
        Assert.That(replayed, Is.EqualTo(new long[] { 2, 3, 4, 5 }));
        await h.Firmware.SendAsync("ok", "ok", "ok", "ok");
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed));
        Assert.That(result.Progress.Resends, Is.EqualTo(1));
        Assert.That(h.Transport.Written.Count(l => l.StartsWith("N2 ", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task Resend_SameLineFailsRepeatedly_FailsWithClearError()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        var sends = 0;
        while (!job.IsCompleted && sends < 50)
        {
            var (number, _) = await h.Firmware.ReadCommandAsync();
            Assert.That(number, Is.EqualTo(2));
            sends++;
            await h.Firmware.SendAsync("Error:checksum mismatch, Last Line: 1", "Resend: 2", "ok");
            await Task.WhenAny(job, Task.Delay(50));
        }
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Failed));
        Assert.That(result.Reason, Does.Contain("line 2"));
        Assert.That(sends, Is.LessThanOrEqualTo(11));
    }

    [Test]
    public async Task Resend_ForLineNotYetSent_ReplaysFromOldestInFlight()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, OkAfterResend = false });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        // Line 2 was bad, but the firmware numbers one ahead and asks for 3, which was never sent.
        await h.Firmware.SendAsync("Resend: 3");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("ok");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((3L, "G1 X2")));
        await h.Firmware.SendAsync("ok");
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
    }

    [Test]
    public async Task Resend_ForLineNeverSentAgainAndAgain_FailsNamingLine()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, OkAfterResend = false });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1"));
        var sends = 0;
        while (!job.IsCompleted && sends < 50)
        {
            Assert.That((await h.Firmware.ReadCommandAsync()).Number, Is.EqualTo(2));
            sends++;
            await h.Firmware.SendAsync("Resend: 99");
            await Task.WhenAny(job, Task.Delay(50));
        }
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Failed));
        Assert.That(result.Reason, Does.Contain("99").And.Contain("ran ahead"));
        Assert.That(sends, Is.LessThanOrEqualTo(11));
    }
}
