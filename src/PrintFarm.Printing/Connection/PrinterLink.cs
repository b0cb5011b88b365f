using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Connection;

/// <summary>
/// Opens a printer's link: the configured serial port or TCP bridge, or a fresh in-process virtual printer
/// behind an in-memory wire. A virtual printer lives as long as its link.
/// </summary>
public sealed class PrinterLink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly VirtualPrinter? _virtual;
    private readonly Task _virtualRun = Task.CompletedTask;

    private PrinterLink(ILineTransport transport, VirtualPrinter? printer, Stream? printerEnd)
    {
        Transport = transport;
        _virtual = printer;
        if (printer is not null && printerEnd is not null)
            _virtualRun = Task.Run(() => printer.RunAsync(printerEnd, _stop.Token));
    }

    public ILineTransport Transport { get; }

    /// <summary>Opens the link; <paramref name="mqtt"/> makes the transport of a printer on a serial-to-MQTT bridge.</summary>
    /// <exception cref="InvalidOperationException">The printer is on MQTT and <paramref name="mqtt"/> is null.</exception>
    public static PrinterLink Open(LinkTarget config, Func<string, ILineTransport>? mqtt = null)
    {
        if (config.IsMqtt)
            return new PrinterLink(mqtt?.Invoke(config.Id) ?? throw new InvalidOperationException($"printer {config.Id} is on MQTT, and MQTT is off"), null, null);
        if (!config.IsVirtual)
            return new PrinterLink(TransportFactory.Create(config.Port, config.Baud), null, null);
        var v = config.Virtual ?? new VirtualConfig();
        var dialect = v.ParsedDialect ?? throw new ArgumentException($"\"{v.Dialect}\" is not a virtual printer dialect", nameof(config));
        var printer = new VirtualPrinter(new VirtualPrinterOptions
        {
            Dialect = dialect,
            Baud = v.Baud,
            Motion = true,
            TimeScale = v.TimeScale,
            CorruptProbability = v.Corrupt,
            CorruptBodyOnly = dialect == VirtualPrinterDialect.Smoothieware,
            Seed = StableSeed(config.Id),
        });
        var (host, printerEnd) = InMemoryWire.CreatePair();
        return new PrinterLink(new InMemoryTransport(host, $"virtual:{config.Id}"), printer, printerEnd);
    }

    private static int StableSeed(string id)
    {
        var seed = 17;
        foreach (var c in id)
            seed = unchecked(seed * 31 + c);
        return seed;
    }

    /// <summary>Stops the virtual board; the transport belongs to the session that was given it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _virtualRun.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The virtual board stops with its link.
        }
        _virtual?.Dispose();
        _stop.Dispose();
    }
}
