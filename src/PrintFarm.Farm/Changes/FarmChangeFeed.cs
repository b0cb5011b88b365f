namespace PrintFarm.Farm.Changes;

/// <summary>
/// The store's announcements: every commit made through this store tells each subscribed <see cref="IFarmChangeSink"/>
/// what it changed, in the order the commits happened: a commit and its announcement go through one gate, so a
/// subscriber never hears a job's older state after its newer one. Commits made by another process on a shared
/// PostgreSQL database are not seen here.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate's wait handle is never created, so there is nothing to dispose; a commit in flight at shutdown must still find it.")]
public sealed class FarmChangeFeed
{
    private volatile IFarmChangeSink[] _sinks = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _order = new(1, 1);

    /// <summary>A sink that threw, with what it threw; the feed goes on to the next sink.</summary>
    public event Action<IFarmChangeSink, Exception>? SinkFailed;

    public void Subscribe(IFarmChangeSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
            _sinks = [.. _sinks, sink];
    }

    public void Unsubscribe(IFarmChangeSink sink)
    {
        lock (_gate)
            _sinks = _sinks.Where(s => !ReferenceEquals(s, sink)).ToArray();
    }

    /// <summary>Runs <paramref name="commit"/>, then announces <paramref name="changes"/>, with no other commit in between.</summary>
    internal async Task CommitAsync(Func<Task> commit, FarmChanges changes)
    {
        if (changes.IsEmpty)
        {
            await commit();
            return;
        }
        await _order.WaitAsync();
        try
        {
            await commit();
            Announce(changes);
        }
        finally
        {
            _order.Release();
        }
    }

    private void Announce(FarmChanges changes)
    {
        if (changes.IsEmpty)
            return;
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Committed(changes);
            }
#pragma warning disable CA1031 // A sink's failure must never look like the commit's.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SinkFailed?.Invoke(sink, ex);
            }
        }
    }
}
