namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    private static readonly BulkStatement AuditInsert = new("audit",
        [BulkColumn.Integer("at"), BulkColumn.Text("actor"), BulkColumn.Text("action"), BulkColumn.Text("subject"), BulkColumn.Text("details")],
        BulkMode.Insert);

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        WriteRowsAsync(AuditInsert, entries, e => [Ms(e.At), e.Actor, e.Action, e.Subject, e.Details], cancellationToken);

    internal const string AuditBySubjectSql = "SELECT id, at, actor, action, subject, details FROM audit WHERE subject = @s ORDER BY id DESC LIMIT @limit";

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string subject, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync(AuditBySubjectSql, ReadAudit, cancellationToken, ("@s", subject), ("@limit", (long)limit));

    public async Task<long> CountAuditAsync(CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT COUNT(*) FROM audit");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static AuditEntry ReadAudit(System.Data.Common.DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        At = At(r.GetInt64(1)),
        Actor = r.GetString(2),
        Action = r.GetString(3),
        Subject = r.GetString(4),
        Details = r.GetString(5),
    };
}
