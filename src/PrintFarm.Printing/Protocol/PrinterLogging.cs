using Microsoft.Extensions.Logging;

namespace PrintFarm.Printing.Protocol;

/// <summary>
/// Gives a printer session a logger whose every entry carries the printer's id in scope
/// (<c>PrinterId</c>), whichever thread the session's loop logs from.
/// </summary>
public static class PrinterLogging
{
    public const string ScopeKey = "PrinterId";

    public static ILogger ForPrinter(ILogger logger, string printerId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new PrinterScopedLogger(logger, printerId);
    }

    private sealed class PrinterScopedLogger(ILogger inner, string printerId) : ILogger
    {
        private readonly KeyValuePair<string, object?>[] _scope = [new(ScopeKey, printerId)];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
                return;
            using (inner.BeginScope(_scope))
                inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
