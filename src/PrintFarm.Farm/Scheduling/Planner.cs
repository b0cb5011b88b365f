using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// Turns uncovered demand into queued jobs. For each ledger line it plans
/// <c>requested - (planned + printing + printed + collected + passed + delivered)</c> parts in whole plates, and
/// nothing when that is zero or less. Finished parts in stock of the same design (printed, collected or passed) cover the
/// gap first: they move to the line in their stage, and only the rest is planned. The plates are spread over the design's variants in proportion to the online
/// printers that can print each, so every kind of printer gets work; only the last plate rounds up. Planners are serialised by the planning lock, and
/// only a planner raises coverage, so two planners can never both fill the same gap.
/// </summary>
public sealed class Planner
{
    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public Planner(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<PlanResult> PlanAsync(string actor = "system:planner", CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var result = await PlanInAsync(transaction, changes, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    internal static async Task<PlanResult> PlanInAsync(IFarmTransaction transaction, ChangeSet changes, CancellationToken cancellationToken)
    {
        await transaction.LockPlanningAsync(cancellationToken);
        var demands = await transaction.ListDemandsAsync(openOnly: true, cancellationToken);
        if (demands.Count == 0)
            return new PlanResult(0, 0, []);
        var ledger = (await transaction.ListLedgerAsync(cancellationToken)).ToDictionary(r => r.Key, r => r.Counts);
        var designs = (await transaction.ListDesignsAsync(cancellationToken)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var variants = (await transaction.ListVariantsAsync(cancellationToken)).ToLookup(v => v.DesignId, StringComparer.Ordinal);
        var stock = new StockAllocator(ledger);
        var load = new VariantLoad(
            await transaction.CountOnlinePrintersAsync(cancellationToken),
            await transaction.CountQueuedJobsPerVariantAsync(cancellationToken));

        var unplannable = new List<string>();
        var parts = 0L;
        var fromStock = 0L;
        var plates = new List<Variant>();
        foreach (var line in demands.GroupBy(d => d.Key).OrderByDescending(g => g.Max(d => d.Priority)).ThenBy(g => g.Min(d => d.NeededBy ?? DateTimeOffset.MaxValue)))
        {
            var uncovered = ledger.GetValueOrDefault(line.Key).Uncovered;
            if (uncovered <= 0)
                continue;
            if (!designs.TryGetValue(line.Key.DesignId, out var design) || design.Approval != ApprovalStatus.Approved)
            {
                unplannable.Add($"{line.Key}: {uncovered} parts wait for the design's approval");
                continue;
            }
            var allocated = stock.Allocate(changes, line.Key, uncovered);
            fromStock += allocated;
            uncovered -= allocated;
            if (uncovered <= 0)
                continue;
            var candidates = variants[line.Key.DesignId].Where(v => v.IsApproved && load.Reach(v) > 0).ToList();
            if (candidates.Count == 0)
            {
                unplannable.Add($"{line.Key}: {uncovered} parts, but no variant fits a printer that is online");
                continue;
            }
            // Whole plates, each on the variant whose printers have the least work per printer, until the gap is
            // covered: only the last plate can overshoot, by less than its own parts per plate.
            plates.Clear();
            for (var left = uncovered; left > 0;)
            {
                var variant = load.TakeLeastLoaded(candidates);
                plates.Add(variant);
                left -= variant.PartsPerPlate;
            }
            var priority = line.Max(d => d.Priority);
            var neededBy = line.Min(d => d.NeededBy);
            for (var i = 0; i < plates.Count; i++)
            {
                var variant = plates[i];
                changes.AddJob(new Job
                {
                    DesignId = variant.DesignId,
                    VariantId = variant.Id,
                    Requester = line.Key.Requester,
                    Node = line.Key.Node,
                    Parts = variant.PartsPerPlate,
                    Priority = priority,
                    NeededBy = neededBy,
                    CreatedAt = changes.Now,
                    UpdatedAt = changes.Now,
                }, $"plate {i + 1} of {plates.Count} for {line.Key}");
                parts += variant.PartsPerPlate;
            }
        }
        return new PlanResult(changes.NewJobCount, parts, unplannable) { PartsFromStock = fromStock };
    }
}
