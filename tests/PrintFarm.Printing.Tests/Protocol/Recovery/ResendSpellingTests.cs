using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
namespace PrintFarm.Printing.Tests.Protocol.Recovery;

public class ResendSpellingTests
{
    [TestCase("rs", true)]
    [TestCase("rs ", true)]
    [TestCase("Resend:", true)]
    [TestCase("Resend: ", true)]
    [TestCase("resend", true)]
    [TestCase("rs N", true)]
    [TestCase("rs N42", false)]
    [TestCase("Resend: 42", false)]
    [TestCase("ok", false)]
    [TestCase("rsync", false)]
    public void IsResendWithoutNumber_Spellings(string line, bool expected) =>
        Assert.That(ResponseParser.IsResendWithoutNumber(line), Is.EqualTo(expected));

    [Test]
    [CancelAfter(30_000)]
    public async Task Resend_WithoutNumber_ReplaysOldestLineInFlight(CancellationToken cancellationToken)
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok, OkAfterResend = false });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"), cancellationToken);
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("rs");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((2L, "G1 X1")));
        await h.Firmware.SendAsync("ok");
        Assert.That(await h.Firmware.ReadCommandAsync(), Is.EqualTo((3L, "G1 X2")));
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(ScriptedFirmware.Patience, cancellationToken)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }
}
