using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// Finds the uncovered demand. For each ledger line it owes
/// <c>requested - (planned + printing + printed + collected + passed + delivered)</c> parts, and nothing when that is
/// zero or less. Finished parts in stock of the same design (printed, collected or passed) cover the gap first: they
/// move to the line in their stage, and only the rest is owed. The planner creates no job: what is owed stays owed to
/// the demand (<see cref="WorkLine"/>) until a printer is free, when the <see cref="Dispatcher"/> cuts it into a plate
/// of a variant that fits that printer. Planners are serialised by the planning lock, and only the dispatcher raises
/// coverage, one plate at a time while the line still owes parts, so nothing is ever oversupplied beyond the last
/// plate's rounding.
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

    /// <summary>Moves stock to demand and reports what is owed; the dispatcher does the rest.</summary>
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
            return new PlanResult([], []);
        var ledger = (await transaction.ListLedgerAsync(cancellationToken)).ToDictionary(r => r.Key, r => r.Counts);
        var designs = (await transaction.ListDesignsAsync(cancellationToken)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var variants = (await transaction.ListVariantsAsync(cancellationToken)).ToLookup(v => v.DesignId, StringComparer.Ordinal);
        var online = await transaction.CountOnlinePrintersAsync(cancellationToken);
        var stock = new StockAllocator(ledger);

        var unplannable = new List<string>();
        var work = new List<WorkLine>();
        var fromStock = 0L;
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
            if (!variants[line.Key.DesignId].Any(v => v.IsApproved && online.Any(p => v.FitsPrinter(p.Capabilities))))
                unplannable.Add($"{line.Key}: {uncovered} parts, but no approved variant fits a printer that is online");
            // Owed all the same: a printer that comes online is given it by the next dispatch.
            work.Add(new WorkLine(line.Key, line.Max(d => d.Priority), line.Min(d => d.NeededBy), line.Min(d => d.CreatedAt), uncovered));
        }
        return new PlanResult(work, unplannable) { PartsFromStock = fromStock };
    }
}
