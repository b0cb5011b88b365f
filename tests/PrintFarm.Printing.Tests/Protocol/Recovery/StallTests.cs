using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Protocol.Recovery;

/// <summary>
/// The firmware behaviours that once made <c>send --profile auto</c> hang for ever, each against the
/// virtual printer with the session's defaults. Each test has its own hard limit, so that a hang fails it.
/// </summary>
public class StallTests
{
    private const int Lines = 4000;

    [Test]
    [CancelAfter(60_000)]
    public async Task RunJob_MarlinWithoutOkAfterResend_ExecutesExactly(CancellationToken cancellationToken)
    {
        await using var rig = new LinkRig(new VirtualPrinterOptions
        {
            Baud = 0,
            Dialect = VirtualPrinterDialect.MarlinNoOkAfterResend,
            CorruptProbability = 0.01,
            Seed = 7,
        });
        var commands = LinkRig.SampleCommands(Lines);

        var result = await rig.RunAsync(commands, cancellationToken);

        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        Assert.That(Samples.Diff(commands, rig.Executed), Is.EqualTo("identical"));
        Assert.That(rig.Printer.Stats.ResendRequests, Is.GreaterThan(10), "the resends must really have happened");
        Assert.That(rig.Session.OkAfterResend, Is.False, "the session must have learnt that no ok follows a resend request");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunJob_MarlinWithOkAfterResend_KeepsSwallowingTheOk(CancellationToken cancellationToken)
    {
        await using var rig = new LinkRig(new VirtualPrinterOptions { Baud = 0, Dialect = VirtualPrinterDialect.Marlin, CorruptProbability = 0.01, Seed = 5 });
        var commands = LinkRig.SampleCommands(Lines);

        var result = await rig.RunAsync(commands, cancellationToken);

        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        Assert.That(Samples.Diff(commands, rig.Executed), Is.EqualTo("identical"));
        Assert.That(rig.Session.OkAfterResend, Is.True);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunJob_MarlinReportingRsResends_ExecutesExactly(CancellationToken cancellationToken)
    {
        await using var rig = new LinkRig(new VirtualPrinterOptions
        {
            Baud = 0,
            Dialect = VirtualPrinterDialect.MarlinRs,
            CorruptProbability = 0.01,
            CorruptBodyOnly = true,
            Seed = 11,
        });
        var commands = LinkRig.SampleCommands(Lines);

        var result = await rig.RunAsync(commands, cancellationToken);

        Assert.That(rig.Session.Profile!.Name, Is.EqualTo("marlin"));
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        Assert.That(Samples.Diff(commands, rig.Executed), Is.EqualTo("identical"));
        Assert.That(rig.Printer.Stats.ResendRequests, Is.GreaterThan(10), "the resends must really have happened");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunJob_NoisyFirmwareWithLostOks_ExecutesExactly(CancellationToken cancellationToken)
    {
        await using var rig = new LinkRig(new VirtualPrinterOptions
        {
            Baud = 0,
            Dialect = VirtualPrinterDialect.Marlin,
            CorruptProbability = 0.01,
            Seed = 3,
            Faults = new LineFaults { WaitWhenIdle = 0.05, Autoreport = 0.2, DropOk = 0.002, Seed = 3 },
        });
        var commands = LinkRig.SampleCommands(Lines);

        var result = await rig.RunAsync(commands, cancellationToken);

        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        Assert.That(Samples.Diff(commands, rig.Executed), Is.EqualTo("identical"));
        Assert.That(rig.Printer.Stats.Faults(FaultKind.DropOk), Is.GreaterThan(0), "an ok must really have been lost");
    }
}
