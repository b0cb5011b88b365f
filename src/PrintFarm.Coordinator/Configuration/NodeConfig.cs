namespace PrintFarm.Coordinator.Configuration;

/// <summary>A collection node, by id in <c>nodes</c>: where makers bring parts and requesters collect them.</summary>
public sealed class NodeConfig
{
    public string? Name { get; set; }
}
