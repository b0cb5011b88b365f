using Microsoft.Extensions.Logging;

namespace PrintFarm.Cli.Send;

/// <summary>
/// Where the printer session of <c>send</c> (and <c>demo</c>) logs: standard error, one line an entry.
/// By default only errors, without the fault and interruption entries that the command's own final
/// error line already states (so that a failure stays one line); <c>--verbose</c> shows everything,
/// the wire transcript, resends, probes and firmware warnings included.
/// </summary>
internal sealed class SendLog(TextWriter writer, bool verbose) : ILoggerProvider
{
    /// <summary>The session's own "faulted" and "interrupted" entries (event ids 107 and 108).</summary>
    private static readonly HashSet<int> StatedByCommand = [107, 108];

    private readonly TextWriter _writer = TextWriter.Synchronized(writer);
    private readonly bool _verbose = verbose;

    public static ILoggerFactory CreateFactory(TextWriter writer, bool verbose) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Trace : LogLevel.Error)
            .AddProvider(new SendLog(writer, verbose)));

    public ILogger CreateLogger(string categoryName) => new Writer(this);

    public void Dispose()
    {
    }

    private sealed class Writer(SendLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && (owner._verbose || logLevel >= LogLevel.Error);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || (!owner._verbose && StatedByCommand.Contains(eventId.Id)))
                return;
            owner._writer.WriteLine($"{Label(logLevel)}: {formatter(state, exception)}");
        }

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "wire",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            _ => "error",
        };
    }

}
