using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Queries;

/// <summary>
/// Every printer's stored row, held in memory for the API's hottest reads (the printers grid, one printer's status).
/// It is read once from the store on first use and then kept current by the store itself: a write transaction that
/// wrote printer rows applies them here as it commits, under one gate, so the directory moves in commit order and never
/// shows a row that was rolled back. Reads take no lock and touch no database: a list is a slice or a scan of one
/// immutable snapshot, ordered by id (ordinal).
/// </summary>
/// <remarks>
/// Only writes made through this process's store reach it. When several coordinators share one PostgreSQL database,
/// call <see cref="ReloadAsync"/> now and then (the daemon does every few seconds), which bounds how stale another
/// coordinator's changes can look. A commit whose outcome is unknown (it threw) drops the snapshot, so the next read
/// loads it again.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate's wait handle is never created, so there is nothing to dispose; a commit in flight at shutdown must still find it.")]
public sealed class PrinterDirectory
{
    private readonly Func<CancellationToken, Task<IReadOnlyList<Printer>>> _loadAll;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <param name="loadAll">Reads every printer row from the store.</param>
    public PrinterDirectory(Func<CancellationToken, Task<IReadOnlyList<Printer>>> loadAll)
    {
        ArgumentNullException.ThrowIfNull(loadAll);
        _loadAll = loadAll;
    }

    /// <summary>How many times the directory was read from the store; for tests and metrics.</summary>
    public int Loads { get; private set; }

    /// <summary>The printers matching the query's filters, ordered by id, one page of them.</summary>
    public async ValueTask<Page<Printer>> ListAsync(PrinterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Check(query.Limit, query.Offset);
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.List(query);
    }

    /// <summary>Every printer matching the query's filters, ordered by id; its limit and offset are ignored.</summary>
    public async ValueTask<IReadOnlyList<Printer>> AllAsync(PrinterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.List(query with { Limit = int.MaxValue, Offset = 0 }).Items;
    }

    /// <summary>One printer, or null for an unknown id.</summary>
    public async ValueTask<Printer?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.Index.TryGetValue(id, out var at) ? snapshot.Sorted[at] : null;
    }

    /// <summary>Reads every printer from the store again, waiting for commits in flight.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the snapshot; the next read loads it again (after migrations, or a commit of unknown outcome).</summary>
    public void Invalidate() => _snapshot = null;

    /// <summary>
    /// Runs <paramref name="commit"/> under the gate and, when it succeeds, applies the printer rows it wrote. Two
    /// transactions that both wrote a printer therefore reach the directory in the order they committed.
    /// </summary>
    internal async Task CommitAsync(Func<Task> commit, IReadOnlyCollection<Printer> written)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            try
            {
                await commit().ConfigureAwait(false);
            }
            catch
            {
                _snapshot = null;
                throw;
            }
            if (_snapshot is { } current)
                _snapshot = current.With(written);
        }
        finally
        {
            _gate.Release();
        }
    }

    private ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken) =>
        _snapshot is { } snapshot ? ValueTask.FromResult(snapshot) : new ValueTask<Snapshot>(LoadAsync(cancellationToken));

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _snapshot ??= await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var rows = await _loadAll(cancellationToken).ConfigureAwait(false);
        Loads++;
        return Snapshot.Of(rows);
    }

    /// <summary>One immutable view of all printers: sorted by id, with the position of each id.</summary>
    private sealed class Snapshot
    {
        private Snapshot(Printer[] sorted, Dictionary<string, int> index)
        {
            Sorted = sorted;
            Index = index;
        }

        public Printer[] Sorted { get; }

        public Dictionary<string, int> Index { get; }

        public static Snapshot Of(IEnumerable<Printer> rows)
        {
            var byId = new Dictionary<string, Printer>(StringComparer.Ordinal);
            foreach (var p in rows)
                byId[p.Id] = p;
            var sorted = byId.Values.ToArray();
            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Id, b.Id));
            var index = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
            for (var i = 0; i < sorted.Length; i++)
                index[sorted[i].Id] = i;
            return new Snapshot(sorted, index);
        }

        /// <summary>A copy with these rows replaced or added; the index is shared unless a printer is new.</summary>
        public Snapshot With(IReadOnlyCollection<Printer> rows)
        {
            if (rows.Count == 0)
                return this;
            if (rows.Any(p => !Index.ContainsKey(p.Id)))
                return Of(Sorted.Concat(rows)); // later rows win
            var sorted = (Printer[])Sorted.Clone();
            foreach (var p in rows)
                sorted[Index[p.Id]] = p;
            return new Snapshot(sorted, Index);
        }

        public Page<Printer> List(PrinterQuery query)
        {
            if (query.State is null && query.Site is null && query.Owner is null)
            {
                var start = (int)Math.Min(query.Offset, Sorted.Length);
                var count = Math.Min(query.Limit, Sorted.Length - start);
                return new Page<Printer>(new ArraySegment<Printer>(Sorted, start, count), Sorted.Length);
            }
            var items = new List<Printer>(Math.Min(query.Limit, 128));
            long total = 0;
            foreach (var p in Sorted)
            {
                if ((query.State is { } state && p.State != state)
                    || (query.Site is { } site && !string.Equals(p.Site, site, StringComparison.Ordinal))
                    || (query.Owner is { } owner && !string.Equals(p.Owner, owner, StringComparison.Ordinal)))
                    continue;
                if (total >= query.Offset && items.Count < query.Limit)
                    items.Add(p);
                total++;
            }
            return new Page<Printer>(items, total);
        }
    }
}
