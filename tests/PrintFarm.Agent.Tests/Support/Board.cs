using System.Text;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;
namespace PrintFarm.Agent.Tests.Support;

/// <summary>A virtual board the test can look into: every command it executed, in order.</summary>
internal sealed class Board : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LineSink _executed = new();
    private readonly Task _run;

    public Board(string id, double timeScale)
    {
        Printer = new VirtualPrinter(new VirtualPrinterOptions
        {
            Dialect = VirtualPrinterDialect.Prusa,
            Baud = 2_000_000,
            Motion = true,
            TimeScale = timeScale,
            LogWriter = _executed,
        });
        var (host, printerEnd) = InMemoryWire.CreatePair();
        Transport = new InMemoryTransport(host, $"virtual:{id}");
        _run = Task.Run(() => Printer.RunAsync(printerEnd, _stop.Token));
    }

    public VirtualPrinter Printer { get; }

    public ILineTransport Transport { get; }

    public IReadOnlyList<string> Executed => _executed.Lines;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or TimeoutException)
        {
            // Stopped with its link.
        }
        Printer.Dispose();
        _stop.Dispose();
    }

    /// <summary>Collects lines written from the firmware thread.</summary>
    private sealed class LineSink : TextWriter
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];
        private readonly StringBuilder _current = new();

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lock)
                    return [.. _lines];
            }
        }

        public override void Write(char value)
        {
            lock (_lock)
            {
                if (value == '\n')
                {
                    _lines.Add(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                    _current.Append(value);
            }
        }
    }
}
