using System.Collections.Concurrent;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// Remembers the keys seen in the last few seconds, so a dashboard polling hundreds of times a second costs one
/// store lookup per key every <see cref="Lifetime"/>. Revoking a key through this coordinator forgets it at once;
/// a key revoked by another coordinator stops working within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>Keys remembered at most: a farm of 10,000 agents, each with its key, and its staff fit well inside.</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (ApiKey? Key, long Expires)> _seen = new(StringComparer.Ordinal);
    private readonly ApiKeyBook _book;
    private readonly TimeProvider _time;

    public ApiKeyCache(ApiKeyBook book, TimeProvider time)
    {
        _book = book;
        _time = time;
    }

    public async ValueTask<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_seen.TryGetValue(secret, out var hit) && hit.Expires > now)
            return hit.Key;
        var key = await _book.FindAsync(secret, cancellationToken).ConfigureAwait(false);
        if (_seen.Count > MaxEntries)
            Prune(now);
        // Only good keys are remembered: a wrong one is looked up again, and is rate-limited by address.
        if (key is not null)
            _seen[secret] = (key, now + (long)(Lifetime.TotalSeconds * _time.TimestampFrequency));
        return key;
    }

    public void Forget() => _seen.Clear();

    /// <summary>Drops the expired keys; only when the live ones alone are over the limit does it start again empty.</summary>
    private void Prune(long now)
    {
        foreach (var (secret, entry) in _seen)
        {
            if (entry.Expires <= now)
                _seen.TryRemove(secret, out _);
        }
        if (_seen.Count > MaxEntries)
            _seen.Clear();
    }
}
