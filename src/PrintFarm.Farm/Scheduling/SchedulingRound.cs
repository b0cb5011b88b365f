using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>One planning pass and one dispatch pass in a single transaction, so the round's writes are one batch.</summary>
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
        var now = _time.GetUtcNow();
        var planned = new ChangeSet(now, actor);
        var plan = await Planner.PlanInAsync(transaction, planned, cancellationToken);
        await planned.WriteAsync(transaction, cancellationToken);
        var dispatched = new ChangeSet(now, actor);
        var dispatch = await _dispatcher.DispatchInAsync(transaction, dispatched, cancellationToken);
        await dispatched.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (plan, dispatch);
    }
}
