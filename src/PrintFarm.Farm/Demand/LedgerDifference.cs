namespace PrintFarm.Farm.Demand;

/// <summary>One disagreement found by <see cref="LedgerCheck"/>, printed as one line.</summary>
public sealed record LedgerDifference(string Subject, string What, long Stored, long Recomputed)
{
    public override string ToString() => $"{Subject}: {What} stored {Stored}, recomputed {Recomputed}";
}
