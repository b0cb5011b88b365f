namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>What happens at a point of simulated time.</summary>
internal enum SimEventKind
{
    DemandArrives,
    PrinterOffline,
    PrinterOnline,
    PrintEnds,
    BedCleared,
    Tick,
}
