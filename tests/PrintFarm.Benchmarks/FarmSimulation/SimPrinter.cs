namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>One printer of the simulated network and the periods it is offline, as offsets from the start.</summary>
internal sealed record SimPrinter(int Index, string Id, PrinterClass Class, bool IsLab, string Site, string Node, string Owner, IReadOnlyList<OfflineWindow> Offline);
