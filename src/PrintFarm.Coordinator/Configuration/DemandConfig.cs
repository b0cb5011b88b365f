namespace PrintFarm.Coordinator.Configuration;

/// <summary>A standing demand entered at start (for demos and drills).</summary>
public sealed class DemandConfig
{
    public string Requester { get; set; } = "";

    /// <summary>
    /// <c>hospital</c>, <c>social-service</c>, <c>care-home</c> or <c>other</c>; when unset, the requester's kind in
    /// <c>requesters</c>, else <c>hospital</c>.
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>The kind this demand is entered with: its own, else its requester's in <c>requesters</c>, else <c>hospital</c>.</summary>
    public string KindIn(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Kind ?? options.Requesters.GetValueOrDefault(Requester)?.Kind ?? "hospital";
    }

    public string DesignId { get; set; } = "";

    public int Quantity { get; set; }

    public int Priority { get; set; }

    public string Node { get; set; } = "";

    /// <summary>Needed within this many days of the start; no date when unset.</summary>
    public double? NeededWithinDays { get; set; }
}
