namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>How a plate ends, drawn when it starts.</summary>
internal enum PlateOutcome
{
    Good,
    FailedPrint,
    NoGoodParts,
}
