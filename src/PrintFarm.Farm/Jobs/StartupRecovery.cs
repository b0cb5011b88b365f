using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Jobs;

/// <summary>
/// Run once when the coordinator starts. A local link died with the process, so a job that was printing on one is
/// interrupted and goes back to the queue without spending one of its attempts (the print did not fail; the coordinator
/// stopped), and a job assigned to one goes back to the queue. The printer keeps the aborted plate on its bed until
/// someone clears it. Agents keep their prints running and report for themselves.
/// </summary>
public sealed class StartupRecovery
{
    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public StartupRecovery(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Returns the jobs it interrupted and queued again.</summary>
    public async Task<IReadOnlyList<long>> RecoverAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var active = await transaction.ListJobsAsync([JobState.Assigned, JobState.Printing, JobState.Paused], cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), "system:startup");
        var interrupted = new List<long>();
        foreach (var job in active)
        {
            var printer = job.PrinterId is null ? null : await transaction.GetPrinterAsync(job.PrinterId, cancellationToken);
            if (printer is null || printer.LinkKind != LinkKind.Local)
                continue;
            if (job.State == JobState.Assigned)
            {
                JobTransitions.Unassign(changes, job, "the coordinator restarted before the start");
                changes.MovePrinter(printer, printer.State == PrinterState.Ready ? PrinterState.Offline : printer.State, p => p with { CurrentJobId = null });
                continue;
            }
            // The coordinator's crash is not the print's failure: the job goes back to the queue and gets its attempt back.
            // The half-printed plate stays on the bed, which must be cleared before the printer takes work again.
            var stopped = JobTransitions.Interrupt(changes, job, "the coordinator restarted while it printed on a local link");
            changes.MoveJob(stopped, JobState.Queued, j => j with { PrinterId = null, Attempts = Math.Max(0, j.Attempts - 1) },
                "queued again: a coordinator restart does not count as an attempt");
            changes.MovePrinter(printer, PrinterState.Offline, p => p with { CurrentJobId = null, BedJobId = job.Id }, $"job {job.Id} interrupted");
            interrupted.Add(job.Id);
        }
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return interrupted;
    }
}
