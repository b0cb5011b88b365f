namespace PrintFarm.Coordinator.Configuration;

/// <summary>A standing demand entered at start (for demos and drills).</summary>
public sealed class DemandConfig
{
    public string Requester { get; set; } = "";

    /// <summary><c>hospital</c>, <c>social-service</c>, <c>care-home</c> or <c>other</c>.</summary>
    public string Kind { get; set; } = "hospital";

    public string DesignId { get; set; } = "";

    public int Quantity { get; set; }

    public int Priority { get; set; }

    public string Node { get; set; } = "";

    /// <summary>Needed within this many days of the start; no date when unset.</summary>
    public double? NeededWithinDays { get; set; }
}
