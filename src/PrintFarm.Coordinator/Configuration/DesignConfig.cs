namespace PrintFarm.Coordinator.Configuration;

/// <summary>A design and its sliced variants, added at start when missing.</summary>
public sealed class DesignConfig
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Licence { get; set; } = "";

    public string SourceUrl { get; set; } = "";

    public string Category { get; set; } = "";

    /// <summary><c>pending</c>, <c>approved</c> or <c>withdrawn</c>.</summary>
    public string Approval { get; set; } = "pending";

    public List<VariantConfig> Variants { get; set; } = [];
}

/// <summary>One slicing of a design, with its G-code file (relative to the config file).</summary>
public sealed class VariantConfig
{
    public string Name { get; set; } = "";

    public string File { get; set; } = "";

    public string Profile { get; set; } = "marlin";

    public string Material { get; set; } = "PLA";

    public double NozzleMm { get; set; } = 0.4;

    public double MinBedXMm { get; set; }

    public double MinBedYMm { get; set; }

    public int PartsPerPlate { get; set; } = 1;
}
