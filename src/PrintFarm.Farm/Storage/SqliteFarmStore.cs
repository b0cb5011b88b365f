using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PrintFarm.Farm.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode. Writers take <c>BEGIN IMMEDIATE</c>, so they queue instead of deadlocking.</summary>
public sealed class SqliteFarmStore : SqlFarmStore
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "printfarm.db";

    private readonly string _connectionString;

    public SqliteFarmStore(string path)
        : base(SqlDialect.Sqlite)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    public string Path { get; }

    public override string Description => $"sqlite {Path}";

    /// <summary>The store in <c>{dataDirectory}/printfarm.db</c>.</summary>
    public static SqliteFarmStore InDirectory(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, FileName));

    public override ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
            SqliteConnection.ClearPool(connection);
        return base.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // WAL persists in the file; the others hold per connection. NORMAL keeps the file consistent after a
            // crash; only the last commits before a power cut can be lost.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Readers skip the per-connection pragmas: WAL is a property of the file, and the others only matter to writers.
    /// Outside a transaction each SELECT reads one WAL snapshot and neither waits for the writer nor holds it up.
    /// </summary>
    protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // deferred: false issues BEGIN IMMEDIATE: the write lock is taken now, not at the first write.
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return Task.FromResult(transaction);
    }

    protected override async Task<bool> SchemaTableExistsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken) is not null;
}
