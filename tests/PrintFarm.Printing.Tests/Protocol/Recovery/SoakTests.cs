using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Protocol.Recovery;

/// <summary>
/// A real 55k-line file through each of the five profiles' dialects on a hostile line, with fixed
/// seeds. Every run must be exact, or end with a clear error, and in no case lose, repeat or reorder a
/// command. The printer runs without wire timing, as fast as it can.
/// </summary>
[Category("Soak")]
public class SoakTests
{
    private static readonly Lazy<List<string>> Commands = new(() =>
        Samples.WithoutHostCommands(Samples.Commands(Samples.FaceShieldEnder3)));

    /// <summary>Two seeds for each of the five profiles' dialects, and one for each odd Marlin build that reports itself as Marlin.</summary>
    private static IEnumerable<TestCaseData> Runs() =>
        (from dialect in SoakFaults.Dialects
         from seed in new[] { 1, 2 }
         select (dialect, seed))
        .Concat([(VirtualPrinterDialect.MarlinNoOkAfterResend, 3), (VirtualPrinterDialect.MarlinRs, 4)])
        .Select(run => new TestCaseData(run.Item1, run.Item2).SetName($"RunJob_{run.Item1}HostileLineSeed{run.Item2}_ExactOrClearError"));

    [TestCaseSource(nameof(Runs))]
    [CancelAfter(120_000)]
    public async Task RunJob_HostileLine_ExactOrClearError(VirtualPrinterDialect dialect, int seed, CancellationToken cancellationToken)
    {
        var commands = Commands.Value;
        Assert.That(commands, Has.Count.GreaterThanOrEqualTo(50_000));
        await using var rig = new LinkRig(SoakFaults.Options(dialect, seed), new PrinterSessionOptions { CommunicationTimeout = TimeSpan.FromSeconds(2) });
        var recoveries = new List<TimeSpan>();
        rig.Session.Recovered += recoveries.Add;

        var result = await rig.RunAsync(commands, cancellationToken);

        var executed = rig.Executed;
        var stats = rig.Printer.Stats;
        await TestContext.Out.WriteLineAsync(
            $"{dialect} seed {seed}: {result.Outcome} {result.Reason} in {result.Progress.Elapsed.TotalSeconds:F1} s; " +
            $"faults {stats.FaultsInjected}, corrupted {stats.LinesCorrupted}, resends {result.Progress.Resends}, " +
            $"probes {rig.Session.Counters.Probes}, timeouts {rig.Session.Counters.Timeouts}, recoveries {recoveries.Count}");
        Assert.That(executed, Is.EqualTo(commands.Take(executed.Count)), "a command was lost, repeated or reordered: " + Samples.Diff(commands, executed));
        if (result.Outcome != JobOutcome.Completed)
            Assert.That(result.Reason, Is.Not.Null.And.Not.Empty, "a run that stops must say why");
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        Assert.That(stats.FaultsInjected, Is.GreaterThan(commands.Count / 200), "the faults must really have happened");
    }
}
