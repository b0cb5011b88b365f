using Npgsql;
using NpgsqlTypes;

namespace PrintFarm.Farm.Storage;

/// <summary>
/// Writes a <see cref="BulkStatement"/> on PostgreSQL: inserts by binary <c>COPY</c>; updates and upserts as one
/// statement where each column is sent as one typed array and the rows come from <c>unnest</c>, so 25,000 rows cost
/// one round trip and one plan.
/// </summary>
internal static class PostgresBulkWriter
{
    public static string Sql(BulkStatement statement)
    {
        var arrays = string.Join(", ", statement.Columns.Select((_, i) => "@p" + i));
        var insert = $"INSERT INTO {statement.Table} ({statement.ColumnList}) SELECT * FROM unnest({arrays})";
        return statement.Mode switch
        {
            BulkMode.Insert => insert,
            BulkMode.Upsert => $"{insert} ON CONFLICT ({statement.KeyList}) DO UPDATE SET {statement.ConflictUpdate}",
            _ => $"UPDATE {statement.Table} AS t SET "
                + string.Join(", ", statement.Values.Select(c => $"{c.Name} = v.{c.Name}"))
                + $" FROM unnest({arrays}) AS v({statement.ColumnList}) WHERE "
                + string.Join(" AND ", statement.Keys.Select(c => $"t.{c.Name} = v.{c.Name}")),
        };
    }

    public static async Task WriteAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BulkStatement statement, IReadOnlyList<T> rows, Func<T, object?[]> values,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        if (statement.Mode == BulkMode.Insert)
        {
            await CopyAsync(connection, statement, rows, values, cancellationToken);
            return;
        }
        var columns = statement.Columns;
        var arrays = new Array[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            arrays[c] = columns[c].Type switch
            {
                BulkType.Text => new string?[rows.Count],
                BulkType.Integer => new long?[rows.Count],
                _ => new double?[rows.Count],
            };
        }
        for (var r = 0; r < rows.Count; r++)
        {
            var row = values(rows[r]);
            for (var c = 0; c < columns.Length; c++)
            {
                switch (arrays[c])
                {
                    case string?[] text:
                        text[r] = (string?)row[c];
                        break;
                    case long?[] numbers:
                        numbers[r] = row[c] is null ? null : Convert.ToInt64(row[c], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case double?[] reals:
                        reals[r] = row[c] is null ? null : Convert.ToDouble(row[c], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                }
            }
        }
        await using var command = new NpgsqlCommand(Sql(statement), connection, transaction);
        for (var c = 0; c < columns.Length; c++)
        {
            var type = columns[c].Type switch
            {
                BulkType.Text => NpgsqlDbType.Text,
                BulkType.Integer => NpgsqlDbType.Bigint,
                _ => NpgsqlDbType.Double,
            };
            command.Parameters.Add(new NpgsqlParameter("p" + c, NpgsqlDbType.Array | type) { Value = arrays[c] });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Plain inserts go in by binary <c>COPY</c> inside the caller's transaction: the rows stream to the server without
    /// arrays to build and take apart, and the server inserts them in batches instead of one at a time.
    /// </summary>
    private static async Task CopyAsync<T>(
        NpgsqlConnection connection, BulkStatement statement, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        var columns = statement.Columns;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {statement.Table} ({statement.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = values(rows[r]);
            await importer.StartRowAsync(cancellationToken);
            for (var c = 0; c < columns.Length; c++)
            {
                var value = row[c];
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }
                switch (columns[c].Type)
                {
                    case BulkType.Text:
                        await importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken);
                        break;
                    case BulkType.Integer:
                        await importer.WriteAsync(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken);
                        break;
                    default:
                        await importer.WriteAsync(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken);
                        break;
                }
            }
        }
        await importer.CompleteAsync(cancellationToken);
    }
}
