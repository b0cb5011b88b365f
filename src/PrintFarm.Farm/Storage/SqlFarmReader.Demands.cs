using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public Task<Page<DemandRecord>> ListDemandsAsync(DemandQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter()
            .Equal("requester", query.Requester)
            .Equal("node", query.Node)
            .Equal("design_id", query.DesignId)
            .Equal("state", query.State is { } state ? StoredNames.Of(state) : null);
        return PageAsync(SqlFarmTransaction.DemandColumns, "demands", filter, "id DESC", query.Limit, query.Offset, SqlFarmTransaction.ReadDemand, cancellationToken);
    }

    public Task<DemandRecord?> GetDemandAsync(long id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.DemandColumns} FROM demands WHERE id = @id", SqlFarmTransaction.ReadDemand, cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<LedgerRow>> ListLedgerAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter()
            .Equal("design_id", query.DesignId)
            .Equal("requester", query.Requester)
            .Equal("node", query.Node);
        return await QueryAsync(
            $"SELECT design_id, requester, node, {SqlFarmTransaction.CountColumns} FROM ledger{filter} ORDER BY design_id, requester, node",
            r => new LedgerRow(new LedgerKey(r.GetString(0), r.GetString(1), r.GetString(2)), SqlFarmTransaction.ReadCounts(r, 3)),
            cancellationToken, [.. filter.Parameters]);
    }
}
