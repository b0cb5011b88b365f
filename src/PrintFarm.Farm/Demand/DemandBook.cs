using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Demand;

/// <summary>
/// Creates, changes and cancels demands, keeping the ledger's <c>requested</c> in step. Reducing or cancelling a
/// demand cancels jobs that have not started, newest first, as long as the rest still covers the demand;
/// a printing job is never touched.
/// </summary>
public sealed class DemandBook
{
    private readonly IFarmStore _store;
    private readonly FarmOptions _options;
    private readonly TimeProvider _time;

    public DemandBook(IFarmStore store, FarmOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public async Task<DemandRecord> CreateAsync(DemandRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckQuantity(request.Quantity, 1);
        if (string.IsNullOrWhiteSpace(request.Requester) || string.IsNullOrWhiteSpace(request.Node))
            throw new FarmValidationException("a demand needs a requester and a destination node");
        if (!TextRules.IsPlain(request.Requester) || !TextRules.IsPlain(request.Node))
            throw new FarmValidationException($"demand for \"{TextRules.Printable(request.Requester)}\": the requester and node may not hold control or bidirectional characters");
        if (LedgerKey.IsStockName(request.Requester))
            throw new FarmValidationException($"\"{request.Requester.Trim()}\" is the name of stock, not a requester");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.LockPlanningAsync(cancellationToken);
        var design = await transaction.GetDesignAsync(request.DesignId, cancellationToken)
            ?? throw new FarmNotFoundException($"unknown design {request.DesignId}");
        if (design.Approval == ApprovalStatus.Withdrawn)
            throw new FarmValidationException($"design {design.Id} is withdrawn by the health authority");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var demand = new DemandRecord
        {
            Requester = request.Requester.Trim(),
            RequesterKind = request.RequesterKind,
            DesignId = design.Id,
            Quantity = request.Quantity,
            Priority = request.Priority,
            NeededBy = request.NeededBy,
            Node = request.Node.Trim(),
            CreatedAt = changes.Now,
        };
        demand = demand with { Id = await transaction.InsertDemandAsync(demand, cancellationToken) };
        changes.AddLedger(demand.Key, new LedgerCounts { Requested = demand.Quantity });
        changes.Audit("demand.created", $"demand:{demand.Id}", $"{demand.Quantity} x {demand.DesignId} for {demand.Requester} at {demand.Node}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return demand;
    }

    public async Task<DemandRecord> ChangeAsync(long id, DemandChange change, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.LockPlanningAsync(cancellationToken);
        var demand = await OpenDemandAsync(transaction, id, cancellationToken);
        var quantity = change.Quantity ?? demand.Quantity;
        CheckQuantity(quantity, Math.Max(1, demand.Delivered));
        var after = demand with { Quantity = quantity, Priority = change.Priority ?? demand.Priority, NeededBy = change.NeededBy ?? demand.NeededBy };
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        await transaction.UpdateDemandAsync(after, cancellationToken);
        changes.AddLedger(demand.Key, new LedgerCounts { Requested = quantity - demand.Quantity });
        changes.Audit("demand.changed", $"demand:{id}", $"quantity {demand.Quantity} -> {quantity}, priority {after.Priority}");
        if (quantity < demand.Quantity)
            await CancelSurplusAsync(transaction, changes, demand.Key, demand.Quantity - quantity, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>Cancels a demand; what was delivered against it stays requested and delivered.</summary>
    public async Task<DemandRecord> CancelAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.LockPlanningAsync(cancellationToken);
        var demand = await OpenDemandAsync(transaction, id, cancellationToken);
        var after = demand with { State = DemandState.Cancelled };
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        await transaction.UpdateDemandAsync(after, cancellationToken);
        var reduction = demand.Requested - after.Requested;
        changes.AddLedger(demand.Key, new LedgerCounts { Requested = -reduction });
        changes.Audit("demand.cancelled", $"demand:{id}", $"{demand.Delivered} of {demand.Quantity} were delivered");
        await CancelSurplusAsync(transaction, changes, demand.Key, reduction, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    private static async Task<DemandRecord> OpenDemandAsync(IFarmTransaction transaction, long id, CancellationToken cancellationToken)
    {
        var demand = await transaction.GetDemandAsync(id, cancellationToken) ?? throw new FarmNotFoundException($"unknown demand {id}");
        if (demand.State != DemandState.Open)
            throw new FarmValidationException($"demand {id} is {demand.State}");
        return demand;
    }

    private static async Task CancelSurplusAsync(
        IFarmTransaction transaction, ChangeSet changes, LedgerKey key, long reduction, CancellationToken cancellationToken)
    {
        var counts = await transaction.GetLedgerAsync(key, cancellationToken);
        var requested = counts.Requested - reduction;
        var covered = counts.Covered;
        var unstarted = (await transaction.ListJobsAsync([JobState.Queued, JobState.Assigned], cancellationToken))
            .Where(j => j.Key == key)
            .OrderBy(j => j.State == JobState.Queued ? 0 : 1)
            .ThenByDescending(j => j.Id);
        foreach (var job in unstarted)
        {
            if (covered - job.Parts < requested)
                continue;
            changes.MoveJob(job, JobState.Cancelled, j => j, "the demand shrank");
            covered -= job.Parts;
            if (job.PrinterId is { } printerId && await transaction.GetPrinterAsync(printerId, cancellationToken) is { } printer)
                changes.MovePrinter(printer, printer.State, p => p with { CurrentJobId = null }, $"job {job.Id} cancelled before the start");
        }
    }

    private void CheckQuantity(int quantity, int minimum)
    {
        if (quantity < minimum || quantity > _options.MaxDemandQuantity)
            throw new FarmValidationException($"quantity must be between {minimum} and {_options.MaxDemandQuantity}, not {quantity}");
    }
}
