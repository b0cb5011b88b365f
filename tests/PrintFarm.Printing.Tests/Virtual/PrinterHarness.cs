using System.Text;
using System.Threading.Channels;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

/// <summary>
/// A virtual printer on an in-memory wire with a host end that collects every line it sends back.
/// Waits are awaits with a deadline, never sleeps.
/// </summary>
internal sealed class PrinterHarness : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly InMemoryTransport _host;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    private PrinterHarness(VirtualPrinterOptions options)
    {
        Printer = new VirtualPrinter(options);
        var (hostEnd, printerEnd) = InMemoryWire.CreatePair();
        _host = new InMemoryTransport(hostEnd);
        Run = Printer.RunAsync(printerEnd, _stop.Token);
    }

    public VirtualPrinter Printer { get; }

    /// <summary>The printer's run; completes when it stops.</summary>
    public Task Run { get; }

    /// <summary>Completes when the host sees the link end; faulted with the transport's error.</summary>
    public Task LinkClosed => _pump;

    public static async Task<PrinterHarness> StartAsync(VirtualPrinterOptions options)
    {
        var harness = new PrinterHarness(options);
        await harness._host.OpenAsync(CancellationToken.None);
        harness._pump = harness.PumpAsync();
        return harness;
    }

    /// <summary>Writes the lines as they are, each with a newline, in one write.</summary>
    public ValueTask SendAsync(params string[] lines) =>
        _host.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(lines.Select(line => line + "\n"))), CancellationToken.None);

    /// <summary>Writes <c>N&lt;n&gt; command*cs</c>.</summary>
    public ValueTask SendFramedAsync(long lineNumber, string command) => SendAsync(LineFraming.Frame(lineNumber, command));

    public async Task<string> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The printer sent nothing within the deadline.");
        }
    }

    public async Task<IReadOnlyList<string>> NextAsync(int count)
    {
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
            lines.Add(await NextAsync());
        return lines;
    }

    /// <summary>Lines up to and including the first that matches.</summary>
    public async Task<IReadOnlyList<string>> UntilAsync(Func<string, bool> last)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await NextAsync();
            lines.Add(line);
            if (last(line))
                return lines;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(Deadline);
        await _host.DisposeAsync();
        try
        {
            await _pump.WaitAsync(Deadline);
        }
        catch (TransportException)
        {
        }
        Printer.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var line in _host.ReadLinesAsync(_stop.Token))
                await _lines.Writer.WriteAsync(line);
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
