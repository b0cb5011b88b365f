using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// One planning pass and one dispatch pass in a single transaction, so the round's writes are one batch. The planned
/// jobs get their ids first and go to the dispatcher from memory; each is written once, in the state it ends the
/// round in, after its <c>job.queued</c> entry and before its <c>job.assigned</c> one.
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
        var planned = await changes.ReserveNewJobIdsAsync(transaction, cancellationToken);
        var dispatch = await _dispatcher.DispatchInAsync(transaction, changes, cancellationToken, planned);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (plan, dispatch);
    }
}
