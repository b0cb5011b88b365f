namespace PrintFarm.Farm.Storage;

/// <summary>
/// The farm's storage. Every change goes through one <see cref="IFarmTransaction"/>, so a state change and
/// its audit entry are written together or not at all; reads that change nothing go through <see cref="Reader"/>.
/// SQLite and PostgreSQL implement it.
/// </summary>
public interface IFarmStore : IAsyncDisposable
{
    /// <summary>For messages: <c>sqlite /path/farm.db</c> or <c>postgresql host/db</c>.</summary>
    string Description { get; }

    /// <summary>Applies the migrations not applied yet; returns how many it applied.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The highest applied migration, 0 on an empty database.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>The read path: no write lock, no transaction, safe from many threads. See <see cref="Queries.IFarmReader"/>.</summary>
    Queries.IFarmReader Reader { get; }

    /// <summary>Every printer's row in memory, kept current by this store's commits. See <see cref="Queries.PrinterDirectory"/>.</summary>
    Queries.PrinterDirectory Printers { get; }

    /// <summary>Tells its subscribers what each commit through this store changed. See <see cref="Changes.FarmChangeFeed"/>.</summary>
    Changes.FarmChangeFeed Changes { get; }

    /// <summary>Starts a write transaction (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: read committed with row locks).</summary>
    Task<IFarmTransaction> BeginAsync(CancellationToken cancellationToken = default);
}
