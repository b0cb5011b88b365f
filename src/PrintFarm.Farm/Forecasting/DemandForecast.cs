using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Forecasting;

/// <summary>
/// Each ledger line's projected completion (ETA) and whether it will miss its needed-by, from the owed work, the jobs
/// on the printers and the online printers (<see cref="ForecastModel"/>). A forecast is kept for
/// <see cref="CacheFor"/>, so dashboards polling many demands cost one read of the farm per scheduler tick.
/// </summary>
public sealed class DemandForecast
{
    /// <summary>How long a forecast is served before it is made again: one scheduler tick.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly IFarmStore _store;
    private readonly TimeProvider _time;
    private volatile Kept? _cached;

    public DemandForecast(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Every ledger line that has demand, with its forecast.</summary>
    public async Task<IReadOnlyDictionary<LedgerKey, LineForecast>> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (_cached is { } kept && now - kept.At < CacheFor && now >= kept.At)
            return kept.Lines;
        // Two callers at the same moment may both compute it; the later one's is kept. Nothing waits on another.
        var lines = await ComputeAsync(now, cancellationToken).ConfigureAwait(false);
        _cached = new Kept(now, lines);
        return lines;
    }

    private async Task<IReadOnlyDictionary<LedgerKey, LineForecast>> ComputeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<DemandRecord> demands;
        IReadOnlyList<LedgerRow> ledger;
        IReadOnlyList<Variant> variants;
        IReadOnlyList<Design> designs;
        IReadOnlyList<Job> active;
        IReadOnlyList<Printers.Printer> printers;
        await using (var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            demands = await transaction.ListDemandsAsync(openOnly: true, cancellationToken).ConfigureAwait(false);
            ledger = await transaction.ListLedgerAsync(cancellationToken).ConfigureAwait(false);
            variants = await transaction.ListVariantsAsync(cancellationToken).ConfigureAwait(false);
            designs = await transaction.ListDesignsAsync(cancellationToken).ConfigureAwait(false);
            active = await transaction.ListJobsAsync([JobState.Assigned, JobState.Printing, JobState.Paused], cancellationToken).ConfigureAwait(false);
        }
        printers = await _store.Printers.AllAsync(new Queries.PrinterQuery(), cancellationToken).ConfigureAwait(false);

        var estimate = variants.ToDictionary(v => v.Id, v => v.EstimatedTime, StringComparer.Ordinal);
        DateTimeOffset Ends(Job job) => (job.StartedAt ?? now) + estimate.GetValueOrDefault(job.VariantId);
        var jobEnds = active.Where(j => j.PrinterId is not null).ToDictionary(j => j.PrinterId!, Ends, StringComparer.Ordinal);
        var online = printers
            .Select(p => (p.Capabilities, FreeAt: ForecastModel.FreeAt(p.State, now, jobEnds.TryGetValue(p.Id, out var end) ? end : null)))
            .Where(p => p.FreeAt is not null)
            .Select(p => new ForecastPrinter(p.Capabilities, p.FreeAt!.Value))
            .ToList();
        var approved = designs.Where(d => d.Approval == ApprovalStatus.Approved).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var counts = ledger.ToDictionary(r => r.Key, r => r.Counts);
        var lines = demands.GroupBy(d => d.Key).ToList();
        var work = lines
            .Where(g => approved.Contains(g.Key.DesignId) && counts.GetValueOrDefault(g.Key).Uncovered > 0)
            .Select(g => new WorkLine(g.Key, g.Max(d => d.Priority), g.Min(d => d.NeededBy), g.Min(d => d.CreatedAt), counts[g.Key].Uncovered))
            .ToList();
        var projected = ForecastModel.Project(work, variants.Where(v => v.IsApproved && approved.Contains(v.DesignId)).ToList(), online, now);
        var running = active.GroupBy(j => j.Key).ToDictionary(g => g.Key, g => g.Max(Ends));

        var result = new Dictionary<LedgerKey, LineForecast>();
        foreach (var line in lines)
        {
            var c = counts.GetValueOrDefault(line.Key);
            var neededBy = line.Min(d => d.NeededBy);
            DateTimeOffset? eta = c.Uncovered > 0
                ? projected.TryGetValue(line.Key, out var owed) ? Later(owed, running.GetValueOrDefault(line.Key)) : null
                : running.TryGetValue(line.Key, out var last) ? Later(last, now) : null;
            var miss = neededBy is { } due && (eta is null ? c.Uncovered > 0 || running.ContainsKey(line.Key) : eta > due);
            result[line.Key] = new LineForecast(line.Key, c, neededBy, eta, miss);
        }
        return result;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Kept(DateTimeOffset At, IReadOnlyDictionary<LedgerKey, LineForecast> Lines);
}
