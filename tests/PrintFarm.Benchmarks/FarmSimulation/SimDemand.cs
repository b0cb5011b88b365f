using PrintFarm.Farm.Demand;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>A requester's demand: when it arrives and when it is needed, as offsets from the start.</summary>
internal sealed record SimDemand(int Index, string Requester, RequesterKind Kind, string DesignId, int Quantity, int Priority, string Node, TimeSpan Arrival, TimeSpan NeededBy)
{
    /// <summary>The ledger line the demand adds to: design, requester and node.</summary>
    public string Line => LineOf(DesignId, Requester, Node);

    public static string LineOf(string designId, string requester, string node) => $"{designId}|{requester}|{node}";
}
