namespace PrintFarm.Farm.Scheduling;

/// <summary>What one planning pass found.</summary>
/// <param name="Work">Ledger lines with parts still owed, for the dispatcher to cut into plates when printers are free.</param>
/// <param name="Unplannable">Ledger lines with a deficit that no variant and printer can cover, with the reason.</param>
public sealed record PlanResult(IReadOnlyList<WorkLine> Work, IReadOnlyList<string> Unplannable)
{
    /// <summary>Finished parts moved from stock lines to demand lines before planning.</summary>
    public long PartsFromStock { get; init; }

    /// <summary>Parts owed, summed over <see cref="Work"/>.</summary>
    public long PartsOwed => Work.Sum(w => w.Parts);
}
