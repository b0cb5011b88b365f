namespace PrintFarm.Farm.Nodes;

/// <summary>
/// A collection point where makers bring parts to be checked, disinfected, packed and delivered: a district node or a
/// lab's front desk. Created by staff (or the config file) with a name people know it by.
/// </summary>
public sealed record CollectionNode
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
