using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Changes;

/// <summary>
/// Collects what a transaction writes, row by row, so that its commit can announce it. A row written twice in one
/// transaction is announced once, as last written.
/// </summary>
internal sealed class ChangeRecorder
{
    private readonly Dictionary<long, Job> _jobs = [];
    private readonly Dictionary<string, Printer> _printers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DemandRecord> _demands = [];
    private readonly HashSet<string> _ledger = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Design> _designs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _variants = new(StringComparer.Ordinal);
    private readonly List<PartMovement> _movements = [];

    public void Jobs(IEnumerable<Job> jobs)
    {
        foreach (var job in jobs)
            _jobs[job.Id] = job;
    }

    public void Printer(Printer printer) => _printers[printer.Id] = printer;

    public void Demand(DemandRecord demand) => _demands[demand.Id] = demand;

    public void Ledger(IEnumerable<LedgerKey> keys)
    {
        foreach (var key in keys)
            _ledger.Add(key.DesignId);
    }

    public void Movements(IEnumerable<PartMovement> movements) => _movements.AddRange(movements);

    public void Design(Design design) => _designs[design.Id] = design;

    public void Variant(Variant variant) => _variants.Add(variant.Id);

    public void Variant(string variantId) => _variants.Add(variantId);

    public FarmChanges Build() => new(
        _jobs.Values.OrderBy(j => j.Id).ToList(),
        _printers.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList(),
        _demands.Values.OrderBy(d => d.Id).ToList(),
        _ledger.Order(StringComparer.Ordinal).ToList(),
        _designs.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList(),
        _variants.Order(StringComparer.Ordinal).ToList()) { Movements = _movements.ToList() };
}
