using PrintFarm.Farm.Nodes;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public async Task<IReadOnlyList<CollectionNode>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.NodeColumns} FROM nodes ORDER BY id", SqlFarmTransaction.ReadNode, cancellationToken);

    public async Task<IReadOnlyList<string>> ListNodeIdsInUseAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT node FROM printers UNION SELECT node FROM ledger UNION SELECT id FROM nodes ORDER BY 1", r => r.GetString(0), cancellationToken);
}
