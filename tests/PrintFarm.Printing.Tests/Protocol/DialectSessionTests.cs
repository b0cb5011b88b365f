using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Protocol;

/// <summary>Each firmware profile against the virtual printer speaking that firmware's dialect.</summary>
public class DialectSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private sealed class Rig : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Rig(VirtualPrinterOptions options)
        {
            Printer = new VirtualPrinter(options with { LogWriter = TextWriter.Synchronized(Log) });
            var (host, printerEnd) = InMemoryWire.CreatePair();
            _run = Printer.RunAsync(printerEnd, _stop.Token);
            Session = new PrinterSession(new InMemoryTransport(host), Support.Profiles.Catalog());
        }

        public VirtualPrinter Printer { get; }
        public PrinterSession Session { get; }
        public StringWriter Log { get; } = new();

        public async ValueTask DisposeAsync()
        {
            await Session.DisposeAsync();
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
            Printer.Dispose();
        }
    }

    private static readonly string[] Job = ["G28", "M104 S210", "G1 X10 Y10 F3000", "G1 X20 Y10 E0.5", "M105", "G1 X20 Y20 E1.0", "M400"];

    [TestCase(VirtualPrinterDialect.Marlin, "marlin")]
    [TestCase(VirtualPrinterDialect.MarlinNoOkAfterResend, "marlin")]
    [TestCase(VirtualPrinterDialect.Prusa, "prusa")]
    [TestCase(VirtualPrinterDialect.Klipper, "klipper")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "reprapfirmware")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "smoothieware")]
    public async Task Connect_Dialect_DetectsProfileAndRunsJobExactly(VirtualPrinterDialect dialect, string profile)
    {
        await using var rig = new Rig(new VirtualPrinterOptions { Baud = 0, Dialect = dialect });
        await rig.Session.ConnectAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.That(rig.Session.Profile!.Name, Is.EqualTo(profile));
        var result = await rig.Session.RunJobAsync(new ListJobSource(Job)).WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        var executed = rig.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(Samples.WithoutHostCommands(executed), Is.EqualTo(Samples.WithoutHostCommands(Job)));
    }

    [TestCase(VirtualPrinterDialect.Marlin, "Thermal Runaway")]
    [TestCase(VirtualPrinterDialect.Prusa, "Thermal Runaway")]
    [TestCase(VirtualPrinterDialect.Klipper, "not heating at expected rate")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "Heater 1 fault")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "runaway")]
    public async Task ThermalFault_Dialect_FailsJobNamingError(VirtualPrinterDialect dialect, string mentions)
    {
        await using var rig = new Rig(new VirtualPrinterOptions { Baud = 0, Dialect = dialect, HaltAfter = 6 });
        await rig.Session.ConnectAsync(CancellationToken.None).WaitAsync(Patience);
        var commands = Enumerable.Range(1, 200).Select(i => $"G1 X{i % 100} Y{i % 50}").ToArray();
        var result = await rig.Session.RunJobAsync(new ListJobSource(commands)).WaitAsync(Patience);
        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Failed));
        Assert.That(result.Reason, Does.Contain(mentions).IgnoreCase);
        Assert.That(rig.Session.State, Is.EqualTo(SessionState.Faulted));
    }

    [TestCase(VirtualPrinterDialect.Marlin)]
    [TestCase(VirtualPrinterDialect.Prusa)]
    [TestCase(VirtualPrinterDialect.Klipper)]
    [TestCase(VirtualPrinterDialect.RepRapFirmware)]
    [TestCase(VirtualPrinterDialect.Smoothieware)]
    public async Task Temperatures_Dialect_AreReported(VirtualPrinterDialect dialect)
    {
        await using var rig = new Rig(new VirtualPrinterOptions { Baud = 0, Dialect = dialect });
        await rig.Session.ConnectAsync(CancellationToken.None).WaitAsync(Patience);
        await rig.Session.SendCommandAsync("M104 S215").WaitAsync(Patience);
        await rig.Session.SendCommandAsync("M105").WaitAsync(Patience);
        var deadline = DateTime.UtcNow + Patience;
        while (rig.Session.Temperatures?.Tool0?.Target != 215 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.That(rig.Session.Temperatures?.Tool0?.Target, Is.EqualTo(215));
        Assert.That(rig.Session.Temperatures?.Bed, Is.Not.Null);
    }
}
