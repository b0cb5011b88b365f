namespace PrintFarm.Farm.Changes;

/// <summary>
/// Told what each write transaction changed, once it has committed: the coordinator turns it into events, metrics and
/// the scheduler's wake-up, so no endpoint or loop has to announce its own changes.
/// </summary>
/// <remarks>
/// Called after the commit, in commit order, under the feed's lock (on the thread of whichever commit completed the
/// order); it must return quickly, must not block,
/// and must not write to the store. An exception here is logged by the feed and never undoes the commit.
/// </remarks>
public interface IFarmChangeSink
{
    void Committed(FarmChanges changes);
}
