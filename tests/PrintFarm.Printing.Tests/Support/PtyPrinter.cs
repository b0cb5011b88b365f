using System.Diagnostics;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>
/// A virtual printer behind a real pseudo-terminal, opened by the host through System.IO.Ports.
/// Records, on a stopwatch, when the printer halted or dropped its link.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PtyPrinter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly Task _watch;
    private readonly string _dir;

    private PtyPrinter(VirtualPrinterOptions options)
    {
        _dir = Directory.CreateTempSubdirectory("printfarm-pty-").FullName;
        Log = new StringWriter();
        Printer = new VirtualPrinter(options with { LogWriter = TextWriter.Synchronized(Log) });
        Pty = VirtualPrinterPty.Create(Printer, Path.Combine(_dir, "printer"));
        _run = Pty.RunAsync(_stop.Token);
        _watch = WatchAsync();
    }

    public VirtualPrinter Printer { get; }
    public VirtualPrinterPty Pty { get; }
    public StringWriter Log { get; }
    public string Link => Pty.LinkPath;
    public Stopwatch Clock { get; } = Stopwatch.StartNew();
    public TimeSpan? HaltedAt { get; private set; }
    public TimeSpan? DisconnectedAt { get; private set; }

    public static PtyPrinter Start(VirtualPrinterOptions options) => new(options);

    public IReadOnlyList<string> Executed => Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (HaltedAt is null && Printer.Stats.Halted)
                HaltedAt = Clock.Elapsed;
            if (DisconnectedAt is null && Printer.Stats.Disconnected)
                DisconnectedAt = Clock.Elapsed;
            try
            {
                await Task.Delay(2, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_run, _watch).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        Pty.Dispose();
        Printer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
