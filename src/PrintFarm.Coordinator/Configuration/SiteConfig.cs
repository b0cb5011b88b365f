namespace PrintFarm.Coordinator.Configuration;

/// <summary>A lab or a district: its own limit on printers heating at once (a fuse, a shared circuit).</summary>
public sealed class SiteConfig
{
    public string? Name { get; set; }

    public int? HeatingLimit { get; set; }
}
