using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Requesters;

/// <summary>
/// Who asks for parts: a hospital, a care home, a social service. Demands name it; created by staff (or the config
/// file) before its first demand, so a typo in a name opens no line of its own.
/// </summary>
public sealed record Requester
{
    public required string Name { get; init; }

    public required RequesterKind Kind { get; init; }

    /// <summary>Who created it; empty for a requester known only through its demands (entered before the list existed).</summary>
    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
