namespace PrintFarm.Farm.Designs;

/// <summary>One design sliced for a class of printer. Its G-code is stored once, by sha256.</summary>
public sealed record Variant
{
    /// <summary><c>{designId}/{name}</c>, for example <c>ear-saver/mk3s-pla</c>.</summary>
    public required string Id { get; init; }

    public required string DesignId { get; init; }

    /// <summary>Lower-case hex sha256 of the G-code file as given (compressed or not).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Firmware profile name, for example <c>marlin</c>.</summary>
    public required string Profile { get; init; }

    public required string Material { get; init; }

    public required double NozzleMm { get; init; }

    public required double MinBedXMm { get; init; }

    public required double MinBedYMm { get; init; }

    public required int PartsPerPlate { get; init; }

    public required TimeSpan EstimatedTime { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who added it, as in the audit log (<c>staff:anna</c>, <c>maker:joan</c>).</summary>
    public string AddedBy { get; init; } = "";

    /// <summary>Who approved this file (this sha256) to print for demands, or null while it is not approved.</summary>
    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Whether this file may print for a demand (its design must be approved too).</summary>
    public bool IsApproved => ApprovedAt is not null;

    /// <summary>Whether a printer with these capabilities can print this variant.</summary>
    public bool FitsPrinter(Printers.PrinterCapabilities capabilities) =>
        string.Equals(capabilities.Profile, Profile, StringComparison.OrdinalIgnoreCase)
        && string.Equals(capabilities.Material, Material, StringComparison.OrdinalIgnoreCase)
        && Math.Abs(capabilities.NozzleMm - NozzleMm) < 0.001
        && capabilities.BedXMm >= MinBedXMm
        && capabilities.BedYMm >= MinBedYMm;
}
