using System.Collections.Concurrent;
using System.Net;

namespace PrintFarm.Daemon.Serve.Auth;

/// <summary>
/// Counts wrong API keys per address over a sliding minute. Past the limit, the address gets 429 with
/// <c>Retry-After</c> until the minute has passed, before its key is even looked at.
/// </summary>
public sealed class FailedAuthLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<IPAddress, Queue<long>> _failures = new();
    private readonly int _limit;
    private readonly TimeProvider _time;

    public FailedAuthLimiter(int limitPerMinute, TimeProvider time)
    {
        _limit = limitPerMinute;
        _time = time;
    }

    public void RecordFailure(IPAddress? address)
    {
        if (address is null)
            return;
        var queue = _failures.GetOrAdd(address, _ => new Queue<long>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(_time.GetTimestamp());
        }
        if (_failures.Count > 100_000)
            _failures.Clear();
    }

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? Blocked(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var queue))
            return null;
        lock (queue)
        {
            Trim(queue);
            if (queue.Count < _limit)
                return null;
            var wait = Window - _time.GetElapsedTime(queue.Peek());
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }
    }

    private void Trim(Queue<long> queue)
    {
        while (queue.Count > 0 && _time.GetElapsedTime(queue.Peek()) > Window)
            queue.Dequeue();
    }
}
