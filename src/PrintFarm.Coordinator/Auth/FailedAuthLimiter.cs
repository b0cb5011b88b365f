using System.Collections.Concurrent;
using System.Net;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// Counts wrong API keys per (address, key prefix) over a sliding minute. Past the limit, that address gets 429 with
/// <c>Retry-After</c> for a key with that prefix until the minute has passed, before the key is even looked at. A key
/// that never failed is never blocked, so one client's failures behind a proxy or a lab's NAT never lock out the valid
/// keys of everyone else there. (Guessing a key is hopeless, 32 random bytes; the limit stops a wrong or revoked key
/// from being tried again and again.)
/// </summary>
public sealed class FailedAuthLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(IPAddress, string), Queue<long>> _failures = new();
    private readonly int _limit;
    private readonly TimeProvider _time;

    public FailedAuthLimiter(int limitPerMinute, TimeProvider time)
    {
        _limit = limitPerMinute;
        _time = time;
    }

    /// <summary>The part of a secret the limiter counts by: its display prefix (<c>pf_</c> and five characters).</summary>
    public static string PrefixOf(string? secret) =>
        string.IsNullOrEmpty(secret) ? "" : secret[..Math.Min(secret.Length, PrintFarm.Farm.Access.ApiKeyBook.PrefixLength)];

    public void RecordFailure(IPAddress? address, string? secret)
    {
        if (address is null)
            return;
        var queue = _failures.GetOrAdd((address, PrefixOf(secret)), _ => new Queue<long>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(_time.GetTimestamp());
        }
        if (_failures.Count > 100_000)
            _failures.Clear();
    }

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? Blocked(IPAddress? address, string? secret)
    {
        if (address is null || !_failures.TryGetValue((address, PrefixOf(secret)), out var queue))
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
