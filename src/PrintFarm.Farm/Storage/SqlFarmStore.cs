using System.Data.Common;

namespace PrintFarm.Farm.Storage;

/// <summary>The SQL shared by the SQLite and PostgreSQL stores; subclasses open connections and transactions.</summary>
public abstract class SqlFarmStore : IFarmStore
{
    protected SqlFarmStore(SqlDialect dialect)
    {
        Dialect = dialect;
        Reader = new SqlFarmReader(OpenReadConnectionAsync);
        Printers = new Queries.PrinterDirectory(LoadPrintersAsync);
        Changes = new Changes.FarmChangeFeed();
    }

    public SqlDialect Dialect { get; }

    public Queries.IFarmReader Reader { get; }

    public Queries.PrinterDirectory Printers { get; }

    public Changes.FarmChangeFeed Changes { get; }

    public abstract string Description { get; }

    /// <summary>SQL that takes the planning lock inside a transaction, or null when the write lock covers it.</summary>
    protected virtual string? PlanningLockSql => null;

    /// <summary>SQL that serialises migrators inside a transaction, or null.</summary>
    protected virtual string? MigrationLockSql => null;

    public async Task<IFarmTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken);
            return new SqlFarmTransaction(connection, transaction, Dialect, PlanningLockSql, Printers, Changes);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<int> MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(Migrations.Latest, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/>: to test an upgrade from an older schema.</summary>
    internal async Task<int> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        if (MigrationLockSql is not null)
            await ExecuteAsync(connection, transaction, MigrationLockSql, cancellationToken);
        await ExecuteAsync(connection, transaction, Dialect.Render(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version {int} PRIMARY KEY, name TEXT NOT NULL, applied_at {int} NOT NULL)"),
            cancellationToken);
        var current = await ReadVersionAsync(connection, transaction, cancellationToken);
        var applied = 0;
        foreach (var migration in Migrations.All.Where(m => m.Version > current && m.Version <= targetVersion))
        {
            await ExecuteAsync(connection, transaction, Dialect.Render(migration.Script), cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @a)";
            SqlFarmTransaction.Add(record, "@v", (long)migration.Version);
            SqlFarmTransaction.Add(record, "@n", migration.Name);
            // When a migration was applied is a fact about this machine, not about the farm's time.
            SqlFarmTransaction.Add(record, "@a", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied++;
        }
        await transaction.CommitAsync(cancellationToken);
        if (applied > 0)
            Printers.Invalidate();
        return applied;
    }

    /// <remarks>
    /// On the read path, outside any transaction: <c>/healthz</c> asks this often and must not queue for the write lock
    /// behind the printers' reports (SQLite's busy handler can keep a waiting writer out for seconds under load).
    /// </remarks>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        if (!await SchemaTableExistsAsync(connection, null, cancellationToken))
            return 0;
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    private async Task<IReadOnlyList<Printers.Printer>> LoadPrintersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqlFarmTransaction.PrinterColumns} FROM printers";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Printers.Printer>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(SqlFarmTransaction.ReadPrinter(reader));
        return rows;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A pooled connection for the read path; by default the same as a writer's.</summary>
    protected virtual Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    protected abstract Task<bool> SchemaTableExistsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    protected static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var value = await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
