using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>
/// A printer session with its default options (<c>--profile auto</c>) against a virtual printer on an
/// in-memory wire, with the printer's log of executed commands. Every wait takes the test's token.
/// </summary>
internal sealed class LinkRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly StringWriter _log = new();

    public LinkRig(VirtualPrinterOptions printer, PrinterSessionOptions? session = null, ILogger? logger = null)
    {
        Printer = new VirtualPrinter(printer with { LogWriter = TextWriter.Synchronized(_log) });
        var (host, printerEnd) = InMemoryWire.CreatePair();
        _run = Printer.RunAsync(printerEnd, _stop.Token);
        Session = new PrinterSession(new InMemoryTransport(host), Profiles.Catalog(), session, logger: logger);
    }

    public VirtualPrinter Printer { get; }
    public PrinterSession Session { get; }

    /// <summary>Commands the printer executed, without those the host adds on its own.</summary>
    public List<string> Executed => Samples.WithoutHostCommands(_log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Connects and streams the commands; the token is the test's hard limit.</summary>
    public async Task<JobResult> RunAsync(IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        await Session.ConnectAsync(cancellationToken).WaitAsync(cancellationToken);
        return await Session.RunJobAsync(new ListJobSource(commands), CancellationToken.None).WaitAsync(cancellationToken);
    }

    /// <summary>The first <paramref name="count"/> commands of the real sample file.</summary>
    public static List<string> SampleCommands(int count) =>
        Samples.WithoutHostCommands(Samples.Commands(Samples.EarSaverMk3s)).Take(count).ToList();

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
        _stop.Dispose();
    }
}
