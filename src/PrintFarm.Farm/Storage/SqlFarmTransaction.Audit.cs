namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    private static readonly string[] AuditNames = ["@at", "@actor", "@action", "@subject", "@details"];

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        ExecuteBatchAsync(
            "INSERT INTO audit (at, actor, action, subject, details) VALUES (@at, @actor, @action, @subject, @details)",
            AuditNames, entries, e => [Ms(e.At), e.Actor, e.Action, e.Subject, e.Details], returnsId: false, cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string subject, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT id, at, actor, action, subject, details FROM audit WHERE subject = @s ORDER BY id DESC LIMIT @limit",
            r => new AuditEntry
            {
                Id = r.GetInt64(0),
                At = At(r.GetInt64(1)),
                Actor = r.GetString(2),
                Action = r.GetString(3),
                Subject = r.GetString(4),
                Details = r.GetString(5),
            },
            cancellationToken, ("@s", subject), ("@limit", (long)limit));

    public async Task<long> CountAuditAsync(CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT COUNT(*) FROM audit");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
