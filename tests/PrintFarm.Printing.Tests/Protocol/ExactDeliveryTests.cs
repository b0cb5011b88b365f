using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Protocol;

/// <summary>
/// A real 25k-line file streamed at 250000 baud into the virtual printer, whose log of executed
/// commands must equal the file's commands exactly, whatever the line does.
/// </summary>
[Category("Stream")]
public class ExactDeliveryTests
{
    private static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(3);

    [TestCase(VirtualPrinterDialect.Marlin, 0.0, null, TestName = "RealFile_CleanLine_ExecutesExactly")]
    [TestCase(VirtualPrinterDialect.MarlinNoOkAfterResend, 0.01, false, TestName = "RealFile_ResendsWithoutOk_ExecutesExactly")]
    [TestCase(VirtualPrinterDialect.Smoothieware, 0.01, null, TestName = "RealFile_SmoothiewareRs_ExecutesExactly")]
    public async Task RealFile_At250000Baud_ExecutesExactly(VirtualPrinterDialect dialect, double corrupt, bool? okAfterResend)
    {
        var expected = Samples.WithoutHostCommands(Samples.Commands(Samples.EarSaverMk3s));
        Assert.That(expected, Has.Count.GreaterThan(24_000));
        var log = new StringWriter();
        var printer = new VirtualPrinter(new VirtualPrinterOptions
        {
            Baud = 250000,
            Dialect = dialect,
            CorruptProbability = corrupt,
            CorruptBodyOnly = dialect == VirtualPrinterDialect.Smoothieware,
            Seed = 42,
            LogWriter = TextWriter.Synchronized(log),
        });
        var (host, printerEnd) = InMemoryWire.CreatePair();
        using var stop = new CancellationTokenSource();
        var run = printer.RunAsync(printerEnd, stop.Token);
        var session = new PrinterSession(new InMemoryTransport(host), Support.Profiles.Catalog(), new PrinterSessionOptions { OkAfterResend = okAfterResend });
        JobResult result;
        try
        {
            await session.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            using var reader = Printing.Gcode.GcodeReader.Open(Samples.EarSaverMk3s);
            result = await session.RunJobAsync(new GcodeJobSource(reader)).WaitAsync(JobDeadline);
        }
        finally
        {
            await session.DisposeAsync();
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            printer.Dispose();
        }
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        var executed = Samples.WithoutHostCommands(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var diff = Samples.Diff(expected, executed);
        await TestContext.Out.WriteLineAsync(diff);
        Assert.That(diff, Is.EqualTo("identical"));
        if (corrupt > 0)
        {
            Assert.That(printer.Stats.LinesCorrupted, Is.GreaterThan(100), "the fault injection must really have happened");
            Assert.That(result.Progress.Resends, Is.GreaterThan(100));
        }
        if (dialect == VirtualPrinterDialect.Marlin && corrupt > 0)
        {
            // Lines already on the wire after a bad one each drew another request: the burst was exercised.
            Assert.That(printer.Stats.ResendRequests, Is.GreaterThan(result.Progress.Resends));
        }
    }
}
