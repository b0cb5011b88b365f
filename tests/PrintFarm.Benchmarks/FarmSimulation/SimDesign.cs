namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>A design in demand, with one variant per printer class and its share of the demanded parts.</summary>
internal sealed record SimDesign(string Id, string Name, string Licence, string SourceUrl, string Category, double DemandShare, IReadOnlyList<SimVariant> Variants)
{
    public SimVariant VariantFor(PrinterClass printerClass) => Variants.First(v => v.Class == printerClass);

    /// <summary>Parts per plate; the same on every variant of a design here.</summary>
    public int PartsPerPlate => Variants[0].PartsPerPlate;
}
