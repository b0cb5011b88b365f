using PrintFarm.Farm;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Nodes;

/// <summary>
/// A demand or a stock print may only name a node the farm knows (<see cref="IFarmReader.ListNodeIdsInUseAsync"/>), so
/// a typo (<c>node-gracai</c>) is refused instead of opening a line that no maker will ever deliver to. A new node is
/// created through <c>POST /api/nodes</c> or the config file's <c>nodes</c>.
/// </summary>
internal static class KnownNodes
{
    public static async Task RequireAsync(IFarmReader reader, string? node, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(node))
            return; // the farm's own rule answers a missing node
        var known = await reader.ListNodeIdsInUseAsync(ct).ConfigureAwait(false);
        if (!known.Contains(node.Trim(), StringComparer.Ordinal))
            throw new FarmValidationException($"unknown node \"{TextRules.Printable(node)}\"; known nodes: {(known.Count == 0 ? "none yet" : string.Join(", ", known))}. "
                                              + "Create it first (POST /api/nodes) or pick one of these");
    }
}
