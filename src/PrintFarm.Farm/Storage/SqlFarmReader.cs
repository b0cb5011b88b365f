using System.Data.Common;

namespace PrintFarm.Farm.Storage;

/// <summary>
/// The read path on a SQL store: each call takes a pooled connection, runs plain SELECTs without a transaction of its
/// own and gives the connection back. The row mappers are the write transaction's, so both paths read rows alike.
/// The queries by area live in the partial files beside it.
/// </summary>
internal sealed partial class SqlFarmReader : Queries.IFarmReader
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;

    public SqlFarmReader(Func<CancellationToken, Task<DbConnection>> open)
    {
        _open = open;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _open(cancellationToken);
        return await QueryAsync(connection, sql, map, parameters, cancellationToken);
    }

    private async Task<T?> SingleAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class =>
        (await QueryAsync(sql, map, cancellationToken, parameters)).FirstOrDefault();

    private static async Task<List<T>> QueryAsync<T>(
        DbConnection connection, string sql, Func<DbDataReader, T> map, IEnumerable<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            SqlFarmTransaction.Add(command, name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }

    /// <summary>
    /// One page: the rows, then the count when the page does not tell it already (a short page from offset 0, or a short
    /// non-empty page, ends the list). Both statements on one connection.
    /// </summary>
    private async Task<Queries.Page<T>> PageAsync<T>(
        string columns, string table, Filter filter, string orderBy, int limit, long offset, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        Queries.Paging.Check(limit, offset);
        await using var connection = await _open(cancellationToken);
        var items = limit == 0
            ? []
            : await QueryAsync(connection, $"SELECT {columns} FROM {table}{filter} ORDER BY {orderBy} LIMIT @limit OFFSET @offset", map,
                [.. filter.Parameters, ("@limit", (long)limit), ("@offset", offset)], cancellationToken);
        long total;
        if (limit > 0 && items.Count < limit && (items.Count > 0 || offset == 0))
            total = offset + items.Count;
        else
            total = (await QueryAsync(connection, $"SELECT COUNT(*) FROM {table}{filter}", r => r.GetInt64(0), filter.Parameters, cancellationToken))[0];
        return new Queries.Page<T>(items, total);
    }

    /// <summary>The WHERE clause of a list query: only the filters given, each bound as a parameter.</summary>
    private sealed class Filter
    {
        private readonly List<string> _conditions = [];

        public List<(string Name, object? Value)> Parameters { get; } = [];

        /// <summary><paramref name="column"/> equals <paramref name="value"/>; nothing when the value is null.</summary>
        public Filter Equal(string column, object? value) => value is null ? this : Where($"{column} = {{0}}", value);

        /// <summary>A condition whose <c>{0}</c>, <c>{1}</c>... are replaced by parameters bound to <paramref name="values"/>.</summary>
        public Filter Where(string condition, params object?[] values)
        {
            var names = new object[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var name = "@f" + Parameters.Count;
                Parameters.Add((name, values[i]));
                names[i] = name;
            }
            _conditions.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, names));
            return this;
        }

        public override string ToString() => _conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _conditions);
    }
}
