namespace PrintFarm.Farm.Changes;

/// <summary>
/// The store's announcements: every commit made through this store tells each subscribed <see cref="IFarmChangeSink"/>
/// what it changed, in order. A transaction takes its number just before it commits, while it still holds its locks
/// (on SQLite, the write lock, so the numbers follow the commit order), and announcements go out in number order:
/// a subscriber never hears a job's older state after its newer one. Nothing in the commit path waits: a commit that
/// finishes before an earlier-numbered one leaves its announcement for that one to deliver. Commits made by another
/// process on a shared PostgreSQL database are not seen here.
/// </summary>
public sealed class FarmChangeFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, FarmChanges?> _waiting = [];
    private volatile IFarmChangeSink[] _sinks = [];
    private long _numbered;
    private long _delivered;

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

    /// <summary>Runs <paramref name="commit"/>, then announces <paramref name="changes"/> in commit order.</summary>
    internal async Task CommitAsync(Func<Task> commit, FarmChanges changes)
    {
        if (changes.IsEmpty)
        {
            await commit();
            return;
        }
        var number = Interlocked.Increment(ref _numbered);
        try
        {
            await commit();
        }
        catch
        {
            // Nothing to announce, but the numbers after this one must not wait for it.
            Deliver(number, null);
            throw;
        }
        Deliver(number, changes);
    }

    private void Deliver(long number, FarmChanges? changes)
    {
        lock (_gate)
        {
            _waiting[number] = changes;
            while (_waiting.Remove(_delivered + 1, out var next))
            {
                _delivered++;
                if (next is not null)
                    Announce(next);
            }
        }
    }

    private void Announce(FarmChanges changes)
    {
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
