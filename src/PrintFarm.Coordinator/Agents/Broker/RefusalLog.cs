using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// Logs refusals (bad logins, forbidden topics, oversized payloads) at most once per <see cref="Interval"/> for each
/// client, saying how many more were refused meanwhile, so a misbehaving agent cannot flood the log.
/// </summary>
public sealed partial class RefusalLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public RefusalLog(ILogger<RefusalLog> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
    }

    /// <summary>Refusals counted so far, logged or not.</summary>
    public long Total => Interlocked.Read(ref _total);

    private long _total;

    public void Refused(string who, string what)
    {
        who ??= "";
        Interlocked.Increment(ref _total);
        if (_windows.Count >= MaxKeys)
            _windows.Clear();
        var window = _windows.GetOrAdd(who, _ => new Window());
        int suppressed;
        lock (window)
        {
            var now = _time.GetTimestamp();
            if (window.LoggedAt != 0 && _time.GetElapsedTime(window.LoggedAt, now) < Interval)
            {
                window.Suppressed++;
                return;
            }
            suppressed = window.Suppressed;
            window.Suppressed = 0;
            window.LoggedAt = now;
        }
        if (suppressed > 0)
            LogRefusedMore(_logger, who, what, suppressed, Interval.TotalSeconds);
        else
            LogRefused(_logger, who, what);
    }

    private sealed class Window
    {
        public long LoggedAt;
        public int Suppressed;
    }
}
