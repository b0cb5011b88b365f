namespace PrintFarm.Farm.Demand;

/// <summary>One stored line of the ledger.</summary>
public sealed record LedgerRow(LedgerKey Key, LedgerCounts Counts);
