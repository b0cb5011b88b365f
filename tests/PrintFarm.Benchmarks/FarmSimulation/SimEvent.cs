namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// An event in the world's queue: its kind, the demand or printer it concerns, and for printer events the printer's
/// version when it was scheduled (an event whose printer has moved on since is dropped).
/// </summary>
internal readonly record struct SimEvent(SimEventKind Kind, int Target, int Version);
