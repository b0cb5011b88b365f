using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Changes;

/// <summary>
/// What one committed transaction wrote, as it now stands: the job, printer and demand rows after the change, the
/// designs whose ledger lines moved, the design rows added or changed, and the variants added or approved (by id);
/// and the part movements recorded at nodes (collected, passed, rejected, delivered).
/// </summary>
public sealed record FarmChanges(
    IReadOnlyList<Job> Jobs,
    IReadOnlyList<Printer> Printers,
    IReadOnlyList<DemandRecord> Demands,
    IReadOnlyCollection<string> LedgerDesigns,
    IReadOnlyList<Design> Designs,
    IReadOnlyCollection<string> Variants)
{
    /// <summary>The part movements written, in the order they were written.</summary>
    public IReadOnlyList<PrintFarm.Farm.Demand.PartMovement> Movements { get; init; } = [];

    public bool IsEmpty =>
        Movements.Count == 0 && Jobs.Count == 0 && Printers.Count == 0 && Demands.Count == 0 && LedgerDesigns.Count == 0 && Designs.Count == 0 && Variants.Count == 0;
}
