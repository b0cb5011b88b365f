namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>One plate a policy gave to a printer: the policy's job id, the variant, and the ledger line its parts are for.</summary>
internal sealed record SimPlate(long JobId, SimPrinter Printer, SimVariant Variant, int Parts, string Line);
