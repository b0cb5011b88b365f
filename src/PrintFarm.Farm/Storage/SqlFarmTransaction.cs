using System.Data.Common;

namespace PrintFarm.Farm.Storage;

/// <summary>One write transaction on a SQL store; the table-specific parts live in the partial files beside it.</summary>
internal sealed partial class SqlFarmTransaction : IFarmTransaction
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly SqlDialect _dialect;
    private readonly string? _planningLockSql;
    private bool _planningLocked;

    public SqlFarmTransaction(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string? planningLockSql)
    {
        _connection = connection;
        _transaction = transaction;
        _dialect = dialect;
        _planningLockSql = planningLockSql;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default) => await _transaction.CommitAsync(cancellationToken);

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

    /// <summary>Runs one prepared statement per row, for batched writes inside this transaction.</summary>
    private async Task<List<long>> ExecuteBatchAsync<T>(
        string sql, string[] names, IReadOnlyList<T> rows, Func<T, object?[]> values, bool returnsId, CancellationToken cancellationToken)
    {
        var ids = new List<long>(returnsId ? rows.Count : 0);
        if (rows.Count == 0)
            return ids;
        await using var command = Command(sql);
        foreach (var name in names)
            Add(command, name, null);
        var prepared = false;
        // SQLite's async methods run synchronously anyway; calling the sync ones saves a task per row.
        var synchronous = _dialect == SqlDialect.Sqlite;
        foreach (var row in rows)
        {
            var rowValues = values(row);
            for (var i = 0; i < names.Length; i++)
                command.Parameters[i].Value = rowValues[i] ?? DBNull.Value;
            if (!prepared && rows.Count > 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await command.PrepareAsync(cancellationToken);
                prepared = true;
            }
            if (returnsId)
            {
                var id = synchronous ? command.ExecuteScalar() : await command.ExecuteScalarAsync(cancellationToken);
                ids.Add(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (synchronous)
            {
                command.ExecuteNonQuery();
            }
            else
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        return ids;
    }
}
