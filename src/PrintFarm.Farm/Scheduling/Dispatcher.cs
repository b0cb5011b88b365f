using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// Gives queued jobs to free printers: highest priority first, then the earliest needed-by, then the oldest.
/// A printer must match the variant's profile, material and nozzle and have a bed at least the variant's minimum;
/// printers at the destination node and without recent failures are preferred, a job avoids printers it already
/// failed on while others exist, and no site has more printers heating at once than its limit.
/// </summary>
public sealed class Dispatcher
{
    private readonly IFarmStore _store;
    private readonly FarmOptions _options;
    private readonly TimeProvider _time;

    public Dispatcher(IFarmStore store, FarmOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public async Task<DispatchResult> DispatchAsync(string actor = "system:dispatcher", CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var result = await DispatchInAsync(transaction, changes, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Dispatches inside <paramref name="transaction"/>. <paramref name="unwritten"/> are queued jobs of the same change set
    /// that are not stored yet (a round's plan, with reserved ids): they join the stored queue without a read, and no
    /// other transaction can see them, let alone claim them, before this one commits.
    /// </summary>
    internal async Task<DispatchResult> DispatchInAsync(
        IFarmTransaction transaction, ChangeSet changes, CancellationToken cancellationToken, IReadOnlyList<Job>? unwritten = null)
    {
        var stored = await transaction.LockQueuedJobsAsync(cancellationToken);
        var jobs = unwritten is null or { Count: 0 } ? stored : [.. stored, .. unwritten];
        if (jobs.Count == 0)
            return new DispatchResult([], 0);
        var printers = await transaction.LockFreePrintersAsync(cancellationToken);
        var heating = new Dictionary<string, int>(
            await transaction.CountHeatingPerSiteAsync(changes.Now - _options.HeatUpTime, cancellationToken), StringComparer.Ordinal);
        var variants = (await transaction.ListVariantsAsync(cancellationToken)).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var pool = new PrinterPool(printers, changes.Now, _options.RecentFailureWindow);
        bool SiteHasRoom(string site) => heating.GetValueOrDefault(site) < _options.HeatingLimitFor(site);

        var assignments = new List<(long, string)>();
        var ordered = jobs
            .OrderByDescending(j => j.Priority)
            .ThenBy(j => j.NeededBy ?? DateTimeOffset.MaxValue)
            .ThenBy(j => j.CreatedAt)
            .ThenBy(j => j.Id);
        foreach (var job in ordered)
        {
            if (pool.Remaining == 0)
                break;
            if (!variants.TryGetValue(job.VariantId, out var variant))
                continue;
            var printer = pool.Take(job, variant, SiteHasRoom);
            if (printer is null)
                continue;
            changes.MoveJob(job, JobState.Assigned, j => j with { PrinterId = printer.Id }, $"to {printer.Id} at {printer.Site}, node {printer.Node}");
            changes.SetPrinter(printer with { CurrentJobId = job.Id });
            heating[printer.Site] = heating.GetValueOrDefault(printer.Site) + 1;
            assignments.Add((job.Id, printer.Id));
        }
        return new DispatchResult(assignments, jobs.Count - assignments.Count);
    }
}
