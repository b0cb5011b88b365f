namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>Where a simulated printer stands, as the world sees it.</summary>
internal enum PrinterMode
{
    Free,
    Printing,
    NeedsBedClear,
    Offline,
}
