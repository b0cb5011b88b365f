using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// One planning pass and one dispatch pass in a single transaction, under the planning lock: the planner finds what
/// each ledger line still owes, and the dispatcher cuts it into plates for the printers that are free now. Each new job
/// is written once, assigned, after its <c>job.queued</c> entry and before its <c>job.assigned</c> one.
/// </summary>
public sealed class SchedulingRound
{
    private readonly IFarmStore _store;
    private readonly Dispatcher _dispatcher;
    private readonly TimeProvider _time;

    public SchedulingRound(IFarmStore store, Dispatcher dispatcher, TimeProvider time)
    {
        _store = store;
        _dispatcher = dispatcher;
        _time = time;
    }

    public async Task<(PlanResult Plan, DispatchResult Dispatch)> RunAsync(string actor = "system:scheduler", CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var plan = await Planner.PlanInAsync(transaction, changes, cancellationToken);
        var dispatch = await _dispatcher.DispatchInAsync(transaction, changes, plan.Work, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (plan, dispatch);
    }
}
