namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>One design sliced for one printer class: parts per plate and the plate's print time.</summary>
internal sealed record SimVariant(string DesignId, string Name, PrinterClass Class, int PartsPerPlate, TimeSpan PlateTime, string GcodeFile)
{
    /// <summary>The farm's variant id, <c>{design}/{name}</c>.</summary>
    public string Id => $"{DesignId}/{Name}";
}
