using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PrintFarm.Farm.Storage;

/// <summary>
/// Writes a <see cref="BulkStatement"/> on SQLite: one statement prepared once and bound by position for each
/// row, inside the caller's transaction. This skips the per-execution parameter lookup by name and the data
/// reader that <see cref="SqliteCommand"/> creates, which cost more than SQLite's own work per row.
/// </summary>
internal static class SqliteBulkWriter
{
    public static string Sql(BulkStatement statement)
    {
        var columns = statement.Columns;
        var placeholders = string.Join(", ", columns.Select((_, i) => "?" + (i + 1)));
        return statement.Mode switch
        {
            BulkMode.Insert => $"INSERT INTO {statement.Table} ({statement.ColumnList}) VALUES ({placeholders})",
            BulkMode.Upsert => $"INSERT INTO {statement.Table} ({statement.ColumnList}) VALUES ({placeholders}) "
                + $"ON CONFLICT ({statement.KeyList}) DO UPDATE SET {statement.ConflictUpdate}",
            _ => $"UPDATE {statement.Table} SET "
                + string.Join(", ", columns.Select((c, i) => (c, i)).Skip(statement.KeyColumns).Select(x => $"{x.c.Name} = ?{x.i + 1}"))
                + " WHERE " + string.Join(" AND ", columns.Take(statement.KeyColumns).Select((c, i) => $"{c.Name} = ?{i + 1}")),
        };
    }

    /// <summary>Writes the rows; with <paramref name="returnIds"/>, returns each inserted row's id in order.</summary>
    public static List<long> Write<T>(
        SqliteConnection connection, BulkStatement statement, IReadOnlyList<T> rows, Func<T, object?[]> values, bool returnIds,
        CancellationToken cancellationToken)
    {
        var ids = new List<long>(returnIds ? rows.Count : 0);
        if (rows.Count == 0)
            return ids;
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, Sql(statement), out var stmt), db);
        using (stmt)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                if ((r & 1023) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                var row = values(rows[r]);
                for (var i = 0; i < row.Length; i++)
                    Check(Bind(stmt, i + 1, row[i]), db);
                var rc = raw.sqlite3_step(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    raw.sqlite3_reset(stmt);
                    Check(rc, db);
                }
                if (returnIds)
                    ids.Add(raw.sqlite3_last_insert_rowid(db));
                Check(raw.sqlite3_reset(stmt), db);
            }
        }
        return ids;
    }

    private static int Bind(sqlite3_stmt stmt, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(stmt, index),
        string text => raw.sqlite3_bind_text(stmt, index, text),
        long number => raw.sqlite3_bind_int64(stmt, index, number),
        int number => raw.sqlite3_bind_int64(stmt, index, number),
        double number => raw.sqlite3_bind_double(stmt, index, number),
        _ => throw new ArgumentException($"Cannot bind a {value.GetType().Name} in a bulk write.", nameof(value)),
    };

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}
