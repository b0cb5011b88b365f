using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Demand;

/// <summary>
/// What happens to printed parts at a node: collected, checked (passed or rejected) and delivered. Each step is a
/// delivery record that moves parts from one stage to the next; a rejected part reopens its share of demand.
/// Moves on a stock line take the planning lock, since the planner draws on stock.
/// </summary>
public sealed class PartFlow
{
    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public PartFlow(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public Task<LedgerCounts> CollectAsync(LedgerKey key, int count, string actor, CancellationToken cancellationToken = default) =>
        MoveAsync(key, LedgerStage.Printed, LedgerStage.Collected, count, actor, null, cancellationToken);

    public Task<LedgerCounts> PassAsync(LedgerKey key, int count, string actor, CancellationToken cancellationToken = default) =>
        MoveAsync(key, LedgerStage.Collected, LedgerStage.Passed, count, actor, null, cancellationToken);

    /// <summary>Collected parts that failed the check; <paramref name="reason"/> (warped, stringing, ...) goes in the audit log.</summary>
    public Task<LedgerCounts> RejectAsync(LedgerKey key, int count, string actor, string? reason, CancellationToken cancellationToken = default) =>
        MoveAsync(key, LedgerStage.Collected, LedgerStage.Rejected, count, actor, reason, cancellationToken);

    public Task<LedgerCounts> RejectAsync(LedgerKey key, int count, string actor, CancellationToken cancellationToken = default) =>
        RejectAsync(key, count, actor, null, cancellationToken);

    public Task<LedgerCounts> DeliverAsync(LedgerKey key, int count, string actor, CancellationToken cancellationToken = default) =>
        MoveAsync(key, LedgerStage.Passed, LedgerStage.Delivered, count, actor, null, cancellationToken);

    private async Task<LedgerCounts> MoveAsync(
        LedgerKey key, LedgerStage from, LedgerStage to, int count, string actor, string? reason, CancellationToken cancellationToken)
    {
        if (count < 1 || count > 1_000_000)
            throw new FarmValidationException($"a count of {count} parts is not possible");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is not null && (reason.Length > 500 || !TextRules.IsPlain(reason)))
            throw new FarmValidationException($"reason: at most 500 plain characters, without control characters (\"{TextRules.Printable(reason[..Math.Min(reason.Length, 60)])}\")");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (to == LedgerStage.Delivered || key.IsStock)
            await transaction.LockPlanningAsync(cancellationToken);
        var counts = await transaction.GetLedgerAsync(key, cancellationToken);
        if (counts[from] < count)
            throw new FarmValidationException($"{key} has {counts[from]} parts {from.ToString().ToLowerInvariant()}, fewer than {count}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        if (to == LedgerStage.Delivered)
            await DeliverAgainstDemandsAsync(transaction, changes, key, count, cancellationToken);
        else
            changes.AddMovement(new PartMovement { Kind = KindOf(to), Key = key, From = from, To = to, Count = count, Actor = actor, At = changes.Now });
        changes.Audit("parts." + StoredNames.Of(to), $"ledger:{key}", reason is null ? $"{count} parts" : $"{count} parts: {reason}");
        await changes.WriteAsync(transaction, cancellationToken);
        var after = await transaction.GetLedgerAsync(key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>Deliveries count against the line's open demands, most urgent first; more than is owed is refused.</summary>
    private static async Task DeliverAgainstDemandsAsync(
        IFarmTransaction transaction, ChangeSet changes, LedgerKey key, int count, CancellationToken cancellationToken)
    {
        var owed = (await transaction.ListDemandsAsync(openOnly: true, cancellationToken))
            .Where(d => d.Key == key && d.Delivered < d.Quantity)
            .OrderBy(d => d.NeededBy ?? DateTimeOffset.MaxValue).ThenByDescending(d => d.Priority).ThenBy(d => d.Id)
            .ToList();
        var total = owed.Sum(d => d.Quantity - d.Delivered);
        if (total < count)
            throw new FarmValidationException($"{key} is owed {total} parts; {count} cannot be delivered");
        var left = count;
        foreach (var demand in owed)
        {
            if (left == 0)
                break;
            var share = Math.Min(left, demand.Quantity - demand.Delivered);
            await transaction.UpdateDemandAsync(demand with { Delivered = demand.Delivered + share }, cancellationToken);
            changes.AddMovement(new PartMovement
            {
                Kind = MovementKind.Deliver, Key = key, From = LedgerStage.Passed, To = LedgerStage.Delivered, Count = share, DemandId = demand.Id, Actor = changes.Actor, At = changes.Now,
            });
            left -= share;
        }
    }

    private static MovementKind KindOf(LedgerStage to) => to switch
    {
        LedgerStage.Collected => MovementKind.Collect,
        LedgerStage.Passed => MovementKind.Pass,
        LedgerStage.Rejected => MovementKind.Reject,
        _ => MovementKind.Deliver,
    };
}
