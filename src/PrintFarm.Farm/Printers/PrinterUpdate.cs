namespace PrintFarm.Farm.Printers;

/// <summary>
/// A change to a registered printer; null fields stay as they are. New capabilities take effect for the next job:
/// a print that is running keeps going.
/// </summary>
public sealed record PrinterUpdate
{
    public string? Name { get; init; }

    public double? BedXMm { get; init; }

    public double? BedYMm { get; init; }

    public double? NozzleMm { get; init; }

    public string? Material { get; init; }

    public string? Profile { get; init; }
}
