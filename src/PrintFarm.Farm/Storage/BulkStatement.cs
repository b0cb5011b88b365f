namespace PrintFarm.Farm.Storage;

/// <summary>
/// One set-based write: many rows of the same shape into one table. The first <see cref="KeyColumns"/> columns
/// identify the row for <see cref="BulkMode.Update"/> and <see cref="BulkMode.Upsert"/>. Each store turns it into
/// its fastest form: on SQLite one prepared statement bound by position per row; on PostgreSQL a binary <c>COPY</c>
/// for inserts and one statement over <c>unnest</c> of typed arrays for updates and upserts.
/// </summary>
internal sealed record BulkStatement(string Table, BulkColumn[] Columns, BulkMode Mode, int KeyColumns = 1, string? ConflictUpdate = null)
{
    public IEnumerable<BulkColumn> Keys => Columns.Take(KeyColumns);

    public IEnumerable<BulkColumn> Values => Columns.Skip(KeyColumns);

    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

    public string KeyList => string.Join(", ", Keys.Select(c => c.Name));
}

internal enum BulkMode
{
    Insert,
    Update,
    Upsert,
}

internal enum BulkType
{
    Text,
    Integer,
    Real,
}

internal sealed record BulkColumn(string Name, BulkType Type)
{
    public static BulkColumn Text(string name) => new(name, BulkType.Text);

    public static BulkColumn Integer(string name) => new(name, BulkType.Integer);

    public static BulkColumn Real(string name) => new(name, BulkType.Real);
}
