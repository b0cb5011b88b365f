using System.Data;
using System.Data.Common;
using Npgsql;

namespace PrintFarm.Farm.Storage;

/// <summary>
/// PostgreSQL, for more than one machine. Dispatch claims rows with <c>FOR UPDATE SKIP LOCKED</c>;
/// planners and demand changes share a transaction-scoped advisory lock.
/// </summary>
public sealed class PostgresFarmStore : SqlFarmStore
{
    private const long PlanningLockKey = 0x5046_504c_414e; // "PFPLAN"
    private const long MigrationLockKey = 0x5046_4d49_4752; // "PFMIGR"

    private readonly NpgsqlDataSource _dataSource;

    public PostgresFarmStore(string connectionString)
        : base(SqlDialect.Postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgresql {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override string Description { get; }

    protected override string? PlanningLockSql => $"SELECT pg_advisory_xact_lock({PlanningLockKey})";

    protected override string? MigrationLockSql => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    protected override async Task<bool> SchemaTableExistsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "SELECT to_regclass('schema_migrations')::text", cancellationToken) is string;
}
