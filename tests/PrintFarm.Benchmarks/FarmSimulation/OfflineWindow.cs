namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>A period, as offsets from the start of the simulation, when a printer is switched off or its link is down.</summary>
internal readonly record struct OfflineWindow(TimeSpan From, TimeSpan To);
