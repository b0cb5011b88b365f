using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Demand;

/// <summary>
/// Recomputes every ledger line from the job records, the delivery records and the demands, and lists every
/// difference from the stored counts. It also lists lines whose planned jobs overshoot the demand by more than
/// rounding up to whole plates allows. <c>printfarm check</c> runs it.
/// </summary>
public sealed class LedgerCheck
{
    private readonly IFarmStore _store;

    public LedgerCheck(IFarmStore store)
    {
        _store = store;
    }

    public async Task<IReadOnlyList<LedgerDifference>> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var recomputed = new Dictionary<LedgerKey, LedgerCounts>();
        void Add(LedgerKey key, LedgerCounts delta) =>
            recomputed[key] = recomputed.TryGetValue(key, out var existing) ? existing + delta : delta;

        foreach (var job in await transaction.ListJobsAsync([], cancellationToken))
            Add(job.Key, LedgerStages.ForJob(job));
        var movements = await transaction.ListMovementsAsync(cancellationToken);
        foreach (var movement in movements)
            Add(movement.Key, movement.Delta);
        var differences = new List<LedgerDifference>();
        var deliveredPerDemand = movements.Where(m => m.DemandId is not null && m.To == Demand.LedgerStage.Delivered)
            .GroupBy(m => m.DemandId!.Value).ToDictionary(g => g.Key, g => (long)g.Sum(m => m.Count));
        foreach (var demand in await transaction.ListDemandsAsync(openOnly: false, cancellationToken))
        {
            Add(demand.Key, new LedgerCounts { Requested = demand.Requested });
            var delivered = deliveredPerDemand.GetValueOrDefault(demand.Id);
            if (delivered != demand.Delivered)
                differences.Add(new LedgerDifference($"demand {demand.Id}", "delivered", demand.Delivered, delivered));
        }

        var stored = (await transaction.ListLedgerAsync(cancellationToken)).ToDictionary(r => r.Key, r => r.Counts);
        foreach (var key in stored.Keys.Union(recomputed.Keys).OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var have = stored.GetValueOrDefault(key);
            var want = recomputed.GetValueOrDefault(key);
            if (have.Requested != want.Requested)
                differences.Add(new LedgerDifference(key.ToString(), "requested", have.Requested, want.Requested));
            foreach (var stage in Enum.GetValues<LedgerStage>())
            {
                if (have[stage] != want[stage])
                    differences.Add(new LedgerDifference(key.ToString(), stage.ToString().ToLowerInvariant(), have[stage], want[stage]));
            }
        }

        var largestPlate = (await transaction.ListVariantsAsync(cancellationToken))
            .GroupBy(v => v.DesignId).ToDictionary(g => g.Key, g => g.Max(v => v.PartsPerPlate), StringComparer.Ordinal);
        foreach (var (key, counts) in recomputed)
        {
            // Plans beyond the demand plus one partial plate break the invariant; parts already printing or printed
            // before a demand shrank are stock, not a planning error.
            var allowance = largestPlate.GetValueOrDefault(key.DesignId, 1) - 1;
            if (!key.IsStock && counts.Planned > 0 && counts.Covered > counts.Requested + allowance)
                differences.Add(new LedgerDifference(key.ToString(), $"covered beyond requested + {allowance}", counts.Requested + allowance, counts.Covered));
        }
        return differences;
    }
}
