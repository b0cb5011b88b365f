namespace PrintFarm.Farm.Changes;

/// <summary>
/// Told what each write transaction changed, once it has committed: the coordinator turns it into events, metrics and
/// the scheduler's wake-up, so no endpoint or loop has to announce its own changes.
/// </summary>
/// <remarks>
/// Called on the committing thread, after the commit and in commit order for the rows it names; it must return quickly
/// and must not write to the store. An exception here is logged by the feed and never undoes the commit.
/// </remarks>
public interface IFarmChangeSink
{
    void Committed(FarmChanges changes);
}
