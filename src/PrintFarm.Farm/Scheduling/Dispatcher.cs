using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// Gives waiting work to free printers, most urgent first (<see cref="Urgency"/>). Waiting work is the parts each
/// ledger line still owes (<see cref="WorkLine"/>) and the queued jobs (direct staff jobs and prints that go again).
/// For owed parts the variant and the printer are chosen together, only now: the most urgent work takes the best free
/// printer that any approved variant of its design fits (profile, material, nozzle and bed), and one plate of that variant
/// becomes a job assigned to that printer. A printer that came online a moment ago is therefore as good as any other.
/// Printers at the destination node and without recent failures are preferred, a job avoids printers it already failed
/// on while others exist, and no site has more printers heating at once than its limit.
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

    /// <summary>Finds what is owed (as the planner does) and dispatches it, in one transaction.</summary>
    public async Task<DispatchResult> DispatchAsync(string actor = "system:dispatcher", CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var plan = await Planner.PlanInAsync(transaction, changes, cancellationToken);
        var result = await DispatchInAsync(transaction, changes, plan.Work, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Dispatches inside <paramref name="transaction"/>, which holds the planning lock, so no other dispatcher can cut
    /// plates from the same owed parts. The new jobs are written once, assigned, after their <c>job.queued</c> entries.
    /// </summary>
    internal async Task<DispatchResult> DispatchInAsync(
        IFarmTransaction transaction, ChangeSet changes, IReadOnlyList<WorkLine> work, CancellationToken cancellationToken)
    {
        var queued = await transaction.LockQueuedJobsAsync(cancellationToken);
        if (queued.Count == 0 && work.Count == 0)
            return new DispatchResult([], 0);
        var printers = await transaction.LockFreePrintersAsync(cancellationToken);
        if (printers.Count == 0)
            return new DispatchResult([], queued.Count);
        var heating = new Dictionary<string, int>(
            await transaction.CountHeatingPerSiteAsync(changes.Now - _options.HeatUpTime, cancellationToken), StringComparer.Ordinal);
        var load = new Dictionary<string, int>(await transaction.CountActiveJobsPerRequesterAsync(cancellationToken), StringComparer.Ordinal);
        var variants = await transaction.ListVariantsAsync(cancellationToken);
        var items = WorkItems(queued, work, variants, await transaction.ListDesignsAsync(cancellationToken));
        var pool = new PrinterPool(printers, changes.Now, _options.RecentFailureWindow);
        bool SiteHasRoom(string site) => heating.GetValueOrDefault(site) < _options.HeatingLimitFor(site);

        var queue = new PriorityQueue<WorkItem, Urgency>();
        foreach (var item in items)
            queue.Enqueue(item, item.UrgencyAt(changes.Now, load.GetValueOrDefault(item.Requester)));
        var assignments = new List<(long, string)>();
        var plates = new List<(WorkItem Item, Variant Variant, Printer Printer)>();
        var queuedPlaced = 0;
        while (pool.Remaining > 0 && queue.TryDequeue(out var item, out var urgency))
        {
            // A requester's load only grows within a pass, so an item is never more urgent than when it was queued; one
            // that has fallen behind goes back with its new place.
            var now = item.UrgencyAt(changes.Now, load.GetValueOrDefault(item.Requester));
            if (now > urgency)
            {
                queue.Enqueue(item, now);
                continue;
            }
            if (pool.Take(item, SiteHasRoom) is not var (printer, variant))
                continue;
            heating[printer.Site] = heating.GetValueOrDefault(printer.Site) + 1;
            load[item.Requester] = load.GetValueOrDefault(item.Requester) + 1;
            if (item.Job is { } job)
            {
                Assign(changes, job, variant, printer, item.Rebinds);
                assignments.Add((job.Id, printer.Id));
                queuedPlaced++;
                continue;
            }
            plates.Add((item, variant, printer));
            item.PartsLeft -= variant.PartsPerPlate;
            if (item.PartsLeft > 0)
                queue.Enqueue(item, item.UrgencyAt(changes.Now, load.GetValueOrDefault(item.Requester)));
        }
        var parts = await CutPlatesAsync(transaction, changes, plates, assignments, cancellationToken);
        return new DispatchResult(assignments, queued.Count - queuedPlaced) { JobsCreated = plates.Count, PartsPlanned = parts };
    }

    private static List<WorkItem> WorkItems(
        IReadOnlyList<Job> queued, IReadOnlyList<WorkLine> work, IReadOnlyList<Variant> variants, IReadOnlyList<Design> designs)
    {
        var approved = designs.Where(d => d.Approval == ApprovalStatus.Approved).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        // Work for a demand prints only approved files of approved designs; a direct job keeps the file staff chose.
        var byDesign = variants.Where(v => v.IsApproved && approved.Contains(v.DesignId)).GroupBy(v => v.DesignId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => WorkItem.Rank(g), StringComparer.Ordinal);
        var byId = variants.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var items = new List<WorkItem>(queued.Count + work.Count);
        foreach (var job in queued)
        {
            IReadOnlyList<Variant>? candidates = WorkItem.CanRebind(job)
                ? byDesign.GetValueOrDefault(job.DesignId)
                : byId.TryGetValue(job.VariantId, out var own) ? [own] : null;
            if (candidates is { Count: > 0 })
                items.Add(WorkItem.ForJob(job, candidates, items.Count));
        }
        foreach (var line in work)
        {
            if (byDesign.TryGetValue(line.Key.DesignId, out var candidates))
                items.Add(WorkItem.ForLine(line, candidates, items.Count));
        }
        return items;
    }

    /// <summary>A queued job to its printer; demand work may change variant, and with it its parts, on the way.</summary>
    private static void Assign(ChangeSet changes, Job job, Variant variant, Printer printer, bool rebinds)
    {
        var moved = rebinds && variant.Id != job.VariantId ? $", now from {variant.Id}" : "";
        changes.MoveJob(job, JobState.Assigned,
            j => rebinds ? j with { PrinterId = printer.Id, VariantId = variant.Id, Parts = variant.PartsPerPlate } : j with { PrinterId = printer.Id },
            $"to {printer.Id} at {printer.Site}, node {printer.Node}{moved}");
        changes.SetPrinter(printer with { CurrentJobId = job.Id });
    }

    /// <summary>Each plate becomes a job, queued and then assigned to its printer in the same write; returns its parts.</summary>
    private static async Task<long> CutPlatesAsync(
        IFarmTransaction transaction, ChangeSet changes, List<(WorkItem Item, Variant Variant, Printer Printer)> plates,
        List<(long, string)> assignments, CancellationToken cancellationToken)
    {
        if (plates.Count == 0)
            return 0;
        var parts = 0L;
        foreach (var (item, variant, printer) in plates)
        {
            var line = item.Line!;
            changes.AddJob(new Job
            {
                DesignId = variant.DesignId,
                VariantId = variant.Id,
                Requester = line.Key.Requester,
                Node = line.Key.Node,
                Parts = variant.PartsPerPlate,
                Priority = line.Priority,
                NeededBy = line.NeededBy,
                CreatedAt = changes.Now,
                UpdatedAt = changes.Now,
            }, $"a plate of {variant.Id} for {line.Key}, for {printer.Id}");
            parts += variant.PartsPerPlate;
        }
        var jobs = await changes.ReserveNewJobIdsAsync(transaction, cancellationToken);
        for (var i = 0; i < jobs.Count; i++)
        {
            var printer = plates[i].Printer;
            changes.MoveJob(jobs[i], JobState.Assigned, j => j with { PrinterId = printer.Id }, $"to {printer.Id} at {printer.Site}, node {printer.Node}");
            changes.SetPrinter(printer with { CurrentJobId = jobs[i].Id });
            assignments.Add((jobs[i].Id, printer.Id));
        }
        return parts;
    }
}
