namespace PrintFarm.Farm.Printers;

/// <summary>What a printer can print: bed, nozzle, loaded material and firmware profile.</summary>
public sealed record PrinterCapabilities
{
    public required double BedXMm { get; init; }

    public required double BedYMm { get; init; }

    public required double NozzleMm { get; init; }

    public required string Material { get; init; }

    public required string Profile { get; init; }
}
