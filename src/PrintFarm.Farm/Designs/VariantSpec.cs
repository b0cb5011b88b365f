namespace PrintFarm.Farm.Designs;

/// <summary>What a staff member states when adding a variant; the rest comes from the G-code.</summary>
public sealed record VariantSpec
{
    /// <summary>Name unique within the design, for example <c>mk3s-pla</c>.</summary>
    public required string Name { get; init; }

    public required string Profile { get; init; }

    public required string Material { get; init; }

    public double NozzleMm { get; init; } = 0.4;

    /// <summary>Bed width and depth the variant needs; the G-code's bounding box must fit inside.</summary>
    public required double MinBedXMm { get; init; }

    public required double MinBedYMm { get; init; }

    public int PartsPerPlate { get; init; } = 1;

    /// <summary>Overrides the analysis' estimate when set.</summary>
    public TimeSpan? EstimatedTime { get; init; }
}
