using System.Data.Common;

namespace PrintFarm.Farm.Storage;

/// <summary>One write transaction on a SQL store; the table-specific parts live in the partial files beside it.</summary>
internal sealed partial class SqlFarmTransaction : IFarmTransaction
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly SqlDialect _dialect;
    private readonly string? _planningLockSql;
    private readonly Queries.PrinterDirectory _directory;
    private readonly List<Printers.Printer> _printersWritten = [];
    private readonly Changes.FarmChangeFeed _feed;
    private readonly Changes.ChangeRecorder _changed = new();
    private bool _planningLocked;

    public SqlFarmTransaction(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string? planningLockSql, Queries.PrinterDirectory directory, Changes.FarmChangeFeed feed)
    {
        _feed = feed;
        _directory = directory;
        _connection = connection;
        _transaction = transaction;
        _dialect = dialect;
        _planningLockSql = planningLockSql;
    }

    /// <summary>
    /// Commits; the printer rows written reach the <see cref="Queries.PrinterDirectory"/> in commit order, then the
    /// store's <see cref="Changes.FarmChangeFeed"/> is told everything this transaction wrote.
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        _feed.CommitAsync(() => _printersWritten.Count == 0
            ? _transaction.CommitAsync(cancellationToken)
            : _directory.CommitAsync(() => _transaction.CommitAsync(cancellationToken), _printersWritten), _changed.Build());

    public async Task LockPlanningAsync(CancellationToken cancellationToken = default)
    {
        if (_planningLockSql is null || _planningLocked)
            return;
        await using var command = Command(_planningLockSql);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _planningLocked = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    internal static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableAt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : At(reader.GetInt64(ordinal));

    private static long? NullableLong(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private DbCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql);
        foreach (var (name, value) in parameters)
            Add(command, name, value);
        return command;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<T>> QueryAsync<T>(
        string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }

    /// <summary>Writes the rows with one set-based statement on PostgreSQL, one position-bound prepared statement on SQLite.</summary>
    private async Task<List<long>> WriteRowsAsync<T>(
        BulkStatement statement, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken, bool returnIds = false)
    {
        if (_connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            return SqliteBulkWriter.Write(sqlite, statement, rows, values, returnIds, cancellationToken);
        if (returnIds)
            throw new NotSupportedException("PostgreSQL bulk writes take their ids from ReserveIdsAsync.");
        await PostgresBulkWriter.WriteAsync((Npgsql.NpgsqlConnection)_connection, (Npgsql.NpgsqlTransaction)_transaction, statement, rows, values, cancellationToken);
        return [];
    }
}
