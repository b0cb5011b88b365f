using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Protocol.Recovery;

public class PrinterLoggingTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task ForPrinter_SessionLogsFromItsLoop_EveryEntryCarriesPrinterId(CancellationToken cancellationToken)
    {
        var logger = new ScopeRecordingLogger();
        await using var rig = new LinkRig(new VirtualPrinterOptions { Baud = 0, Dialect = VirtualPrinterDialect.Marlin },
            logger: PrinterLogging.ForPrinter(logger, "anna-mk3s"));

        var result = await rig.RunAsync(["G28", "G1 X10 Y10", "M400"], cancellationToken);

        Assert.That(result.Outcome, Is.EqualTo(JobOutcome.Completed), result.Reason);
        var entries = logger.Entries;
        Assert.That(entries.Select(e => e.EventId), Does.Contain(100), "the session's connected entry");
        Assert.That(entries.Select(e => e.EventId), Does.Contain(112), "the wire transcript at trace level");
        Assert.That(entries.All(e => e.PrinterId == "anna-mk3s"), Is.True);
    }

    private sealed class ScopeRecordingLogger : ILogger
    {
        private readonly ThreadLocal<string?> _printer = new();
        private readonly List<(int EventId, string? PrinterId)> _entries = [];

        public IReadOnlyList<(int EventId, string? PrinterId)> Entries
        {
            get
            {
                lock (_entries)
                    return _entries.ToList();
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            var previous = _printer.Value;
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                _printer.Value = pairs.FirstOrDefault(p => p.Key == PrinterLogging.ScopeKey).Value as string ?? previous;
            return new Restore(() => _printer.Value = previous);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
                _entries.Add((eventId.Id, _printer.Value));
        }

        private sealed class Restore(Action restore) : IDisposable
        {
            public void Dispose() => restore();
        }
    }
}
