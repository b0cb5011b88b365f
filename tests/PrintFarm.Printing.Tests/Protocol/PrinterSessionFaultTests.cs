using System.Diagnostics;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
namespace PrintFarm.Printing.Tests.Protocol;

public class PrinterSessionFaultTests
{
    private static readonly TimeSpan Patience = ScriptedFirmware.Patience;

    [Test]
    public async Task ThermalRunaway_MidJob_FailsJobAndSendsNothingButStopAndReset()
    {
        await using var h = SessionHarness.Create(
            new PrinterSessionOptions { Flow = FlowControl.Window },
            marker: l => l.Contains("Thermal Runaway", StringComparison.Ordinal));
        await h.ConnectAsync();
        var commands = Enumerable.Range(1, 200).Select(i => $"G1 X{i}").ToArray();
        var job = h.Session.RunJobAsync(SessionHarness.Job(commands));
        await h.Firmware.ReadCommandAsync();
        await h.Firmware.SendAsync("Error:Thermal Runaway, system stopped! Heater_ID: 0", "Error:Printer halted. kill() called!", "ok", "ok", "ok");
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Failed));
        Assert.That(result.Reason, Does.Contain("Thermal Runaway"));
        Assert.That(h.Session.State, Is.EqualTo(SessionState.Faulted));

        Assert.ThrowsAsync<PrinterFaultException>(() => h.Session.SendCommandAsync("G1 X5").WaitAsync(Patience));
        await h.Session.EmergencyStopAsync();
        Assert.That(await h.Firmware.ReadLineAsync(), Does.EndWith("M112").Or.Contains("G1 X"));
        Assert.That(h.Transport.WrittenAfterMarker.Where(l => !l.Contains("M112", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task KlipperShutdown_BangBang_Faults()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Profile = "klipper" });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        await h.Firmware.ReadCommandAsync();
        await h.Firmware.SendAsync("!! Shutdown due to webhooks request");
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Failed));
        Assert.That(result.Reason, Does.Contain("Shutdown"));
    }

    [Test]
    public async Task NonFatalError_IsCountedAndJobGoesOn()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G999", "G1 X1"));
        await h.Firmware.ReadCommandAsync();
        await h.Firmware.SendAsync("echo:Unknown command: \"G999\"", "ok");
        await h.Firmware.ReadCommandAsync();
        await h.Firmware.SendAsync("ok");
        Assert.That((await job.WaitAsync(Patience)).Outcome, Is.EqualTo(JobOutcome.Completed));
    }

    [Test]
    public async Task LinkVanishes_MidJob_InterruptedWithinTwoSeconds()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        var job = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2"));
        await h.Firmware.ReadCommandAsync();
        var clock = Stopwatch.StartNew();
        await h.Firmware.DisposeAsync();
        var result = await job.WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Interrupted));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(h.Session.State, Is.EqualTo(SessionState.Interrupted));
    }

    [Test]
    public async Task EmergencyStop_WithLinesQueued_GoesAheadOfThem()
    {
        await using var h = SessionHarness.Create(new PrinterSessionOptions { Flow = FlowControl.Ok });
        await h.ConnectAsync();
        _ = h.Session.RunJobAsync(SessionHarness.Job("G1 X1", "G1 X2", "G1 X3"));
        await h.Firmware.ReadCommandAsync();
        _ = h.Session.SendCommandAsync("M117 queued");
        await h.Session.EmergencyStopAsync();
        Assert.That(await h.Firmware.ReadLineAsync(), Is.EqualTo("M112"));
    }

    [Test]
    public async Task Handshake_NoAnswer_FailsWithClearMessage()
    {
        var fake = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var h = SessionHarness.Create(new PrinterSessionOptions { HandshakeAttempts = 2 }, fake);
        var connect = h.Session.ConnectAsync(CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            Assert.That((await h.Firmware.ReadCommandAsync()).Command, Is.EqualTo("M110 N0"));
            fake.Advance(TimeSpan.FromSeconds(4));
        }
        var ex = Assert.ThrowsAsync<PrinterFaultException>(() => connect.WaitAsync(Patience));
        Assert.That(ex!.Message, Does.Contain("no answer"));
    }
}
