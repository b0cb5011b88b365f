using PrintFarm.Farm.Printers;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// <c>POST /api/printers</c>. A maker's printer is always their own; staff may register any. With a <c>preset</c>
/// (<c>GET /api/printer-presets</c>) the bed, nozzle, profile and material come from it unless given; a maker may then
/// leave out the id (made from their owner id and the preset), the site (<c>home</c>) and the agent id (their own,
/// <c>{owner}-agent</c>).
/// </summary>
public sealed record RegisterPrinterRequest
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>A model preset's id (<c>mk3s</c>, <c>ender-3</c>...).</summary>
    public string? Preset { get; init; }

    public string? Site { get; init; }

    public string? Node { get; init; }

    /// <summary>Staff only; a maker's key sets it.</summary>
    public string? Owner { get; init; }

    public OwnerKind? OwnerKind { get; init; }

    /// <summary><c>agent</c> (a home printer behind an agent, the usual case) or <c>local</c> (a port on this coordinator's machine).</summary>
    public LinkKind Link { get; init; } = LinkKind.Agent;

    /// <summary>The agent id, or the port for a local printer.</summary>
    public string? Address { get; init; }

    public double? BedXMm { get; init; }

    public double? BedYMm { get; init; }

    public double? NozzleMm { get; init; }

    public string? Material { get; init; }

    public string? Profile { get; init; }
}

/// <summary><c>PATCH /api/printers/{id}</c>: only the fields given change.</summary>
public sealed record PrinterPatch
{
    public string? Name { get; init; }

    public double? BedXMm { get; init; }

    public double? BedYMm { get; init; }

    public double? NozzleMm { get; init; }

    public string? Material { get; init; }

    public string? Profile { get; init; }
}

/// <summary><c>clear-bed</c>: how many parts of the last plate are good; left out, every part of the plate is.</summary>
public sealed record ClearBedRequest
{
    public int? GoodParts { get; init; }
}

/// <summary><c>maintenance</c>: start it (with a reason), or end it with <c>done: true</c>.</summary>
public sealed record MaintenanceRequest
{
    public string? Reason { get; init; }

    public bool Done { get; init; }
}
