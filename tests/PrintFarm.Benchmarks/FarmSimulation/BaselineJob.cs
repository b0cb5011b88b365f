namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>A plate a baseline policy keeps in memory; <see cref="Variant"/> is set when the policy binds it early.</summary>
internal sealed class BaselineJob(long id, SimDesign design, string line, int priority, TimeSpan neededBy)
{
    public long Id { get; } = id;

    public SimDesign Design { get; } = design;

    public string Line { get; } = line;

    public int Parts => Design.PartsPerPlate;

    public int Priority { get; } = priority;

    public TimeSpan NeededBy { get; } = neededBy;

    public SimVariant? Variant { get; set; }
}
