namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>Everything the simulated world is made of: printers, designs and the demand. The same for every policy.</summary>
internal sealed record FarmNetwork(SimulationOptions Options, IReadOnlyList<SimPrinter> Printers, IReadOnlyList<SimDesign> Designs, IReadOnlyList<SimDemand> Demands)
{
    public static readonly string[] Districts =
    [
        "ciutat-vella", "eixample", "sants-montjuic", "les-corts", "sarria-sant-gervasi",
        "gracia", "horta-guinardo", "nou-barris", "sant-andreu", "sant-marti",
    ];

    public static FarmNetwork Build(SimulationOptions options, string samplesDirectory)
    {
        var designs = DesignTable.Load(samplesDirectory);
        var printers = PrinterNetworkBuilder.Build(options);
        var demands = DemandBuilder.Build(options, designs, printers);
        return new FarmNetwork(options, printers, designs, demands);
    }

    public SimDesign Design(string id) => Designs.First(d => d.Id == id);

    /// <summary>
    /// Parts per second a printer of <paramref name="printerClass"/> makes printing the demanded mix on its own variants
    /// without a pause, with each design weighted by its share of the demanded parts.
    /// </summary>
    public static double PartsPerSecond(PrinterClass printerClass, IReadOnlyList<SimDesign> designs, IReadOnlyDictionary<string, double> shares)
    {
        var secondsPerPart = designs.Sum(d =>
        {
            var variant = d.VariantFor(printerClass);
            return shares.GetValueOrDefault(d.Id) * variant.PlateTime.TotalSeconds / variant.PartsPerPlate;
        });
        return 1 / secondsPerPart;
    }
}
