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
    private readonly string _dir;

    private PtyPrinter(VirtualPrinterOptions options)
    {
        _dir = Directory.CreateTempSubdirectory("printfarm-pty-").FullName;
        Log = new StringWriter();
        Printer = new VirtualPrinter(options with { LogWriter = TextWriter.Synchronized(Log) });
        Pty = VirtualPrinterPty.Create(Printer, Path.Combine(_dir, "printer"));
        _run = Pty.RunAsync(_stop.Token);
    }

    public VirtualPrinter Printer { get; }
    public VirtualPrinterPty Pty { get; }
    public StringWriter Log { get; }
    public string Link => Pty.LinkPath;
    /// <summary>When the printer halted, by the printer's own stopwatch timestamp.</summary>
    public long? HaltedAt => Printer.Stats.HaltedTimestamp is var t and >= 0 ? t : null;

    /// <summary>When the printer dropped its link, by the printer's own stopwatch timestamp.</summary>
    public long? DisconnectedAt => Printer.Stats.DisconnectedTimestamp is var t and >= 0 ? t : null;

    public static PtyPrinter Start(VirtualPrinterOptions options) => new(options);

    public IReadOnlyList<string> Executed => Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
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
