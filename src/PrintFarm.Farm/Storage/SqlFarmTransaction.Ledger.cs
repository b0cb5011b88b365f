using System.Data.Common;
using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string CountColumns = "requested, planned, printing, printed, collected, passed, rejected, delivered";

    private static readonly BulkStatement LedgerAdd = new("ledger",
    [
        BulkColumn.Text("design_id"), BulkColumn.Text("requester"), BulkColumn.Text("node"), BulkColumn.Integer("requested"),
        BulkColumn.Integer("planned"), BulkColumn.Integer("printing"), BulkColumn.Integer("printed"), BulkColumn.Integer("collected"),
        BulkColumn.Integer("passed"), BulkColumn.Integer("rejected"), BulkColumn.Integer("delivered"),
    ], BulkMode.Upsert, KeyColumns: 3,
        ConflictUpdate: "requested = ledger.requested + excluded.requested, "
            + "planned = ledger.planned + excluded.planned, printing = ledger.printing + excluded.printing, "
            + "printed = ledger.printed + excluded.printed, collected = ledger.collected + excluded.collected, "
            + "passed = ledger.passed + excluded.passed, rejected = ledger.rejected + excluded.rejected, "
            + "delivered = ledger.delivered + excluded.delivered");

    private static readonly BulkStatement MovementInsert = new("movements",
    [
        BulkColumn.Text("design_id"), BulkColumn.Text("requester"), BulkColumn.Text("node"), BulkColumn.Text("from_stage"), BulkColumn.Text("to_stage"),
        BulkColumn.Integer("count"), BulkColumn.Integer("demand_id"), BulkColumn.Text("actor"), BulkColumn.Integer("at"), BulkColumn.Text("kind"),
    ], BulkMode.Insert);

    public async Task<IReadOnlyList<LedgerRow>> ListLedgerAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT design_id, requester, node, {CountColumns} FROM ledger ORDER BY design_id, requester, node",
            r => new LedgerRow(new LedgerKey(r.GetString(0), r.GetString(1), r.GetString(2)), ReadCounts(r, 3)), cancellationToken);

    public async Task<LedgerCounts> GetLedgerAsync(LedgerKey key, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync($"SELECT {CountColumns} FROM ledger WHERE design_id = @d AND requester = @r AND node = @n{_dialect.LockRows}",
            r => ReadCounts(r, 0), cancellationToken, ("@d", key.DesignId), ("@r", key.Requester), ("@n", key.Node));
        return rows.Count == 0 ? default : rows[0];
    }

    public Task AddToLedgerAsync(IReadOnlyCollection<KeyValuePair<LedgerKey, LedgerCounts>> deltas, CancellationToken cancellationToken = default)
    {
        // Sorted so that concurrent PostgreSQL writers lock the rows in the same order.
        var rows = deltas.Where(d => !d.Value.IsZero)
            .OrderBy(d => d.Key.DesignId, StringComparer.Ordinal).ThenBy(d => d.Key.Requester, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Node, StringComparer.Ordinal).ToList();
        _changed.Ledger(rows.Select(d => d.Key));
        return WriteRowsAsync(LedgerAdd, rows,
            d => [d.Key.DesignId, d.Key.Requester, d.Key.Node, d.Value.Requested, d.Value.Planned, d.Value.Printing, d.Value.Printed,
                d.Value.Collected, d.Value.Passed, d.Value.Rejected, d.Value.Delivered],
            cancellationToken);
    }

    public Task InsertMovementsAsync(IReadOnlyList<PartMovement> movements, CancellationToken cancellationToken = default)
    {
        _changed.Movements(movements);
        return WriteRowsAsync(MovementInsert, movements,
            m => [m.Key.DesignId, m.Key.Requester, m.Key.Node, m.From is { } f ? StoredNames.Of(f) : null, m.To is { } t ? StoredNames.Of(t) : null,
                (long)m.Count, m.DemandId, m.Actor, Ms(m.At), StoredNames.Of(m.Kind)],
            cancellationToken);
    }

    public async Task<IReadOnlyList<PartMovement>> ListMovementsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT id, design_id, requester, node, from_stage, to_stage, count, demand_id, actor, at, kind FROM movements ORDER BY id",
            r => new PartMovement
            {
                Id = r.GetInt64(0),
                Key = new LedgerKey(r.GetString(1), r.GetString(2), r.GetString(3)),
                From = NullableString(r, 4) is { } from ? StoredNames.Parse<LedgerStage>(from) : null,
                To = NullableString(r, 5) is { } to ? StoredNames.Parse<LedgerStage>(to) : null,
                Count = (int)r.GetInt64(6),
                DemandId = NullableLong(r, 7),
                Actor = r.GetString(8),
                At = At(r.GetInt64(9)),
                Kind = StoredNames.Parse<MovementKind>(r.GetString(10)),
            },
            cancellationToken);

    internal static LedgerCounts ReadCounts(DbDataReader r, int first) => new(
        r.GetInt64(first), r.GetInt64(first + 1), r.GetInt64(first + 2), r.GetInt64(first + 3),
        r.GetInt64(first + 4), r.GetInt64(first + 5), r.GetInt64(first + 6), r.GetInt64(first + 7));
}
