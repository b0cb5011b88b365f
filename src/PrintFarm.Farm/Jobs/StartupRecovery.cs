using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Jobs;

/// <summary>
/// Run once when the coordinator starts. A local link died with the process, so a job that was printing on one is
/// marked interrupted (never restarted silently) and a job assigned to one goes back to the queue. Agents keep their
/// prints running and report for themselves.
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

    /// <summary>Returns the jobs it marked interrupted.</summary>
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
            JobTransitions.Interrupt(changes, job, "the coordinator restarted while it printed on a local link");
            changes.MovePrinter(printer, PrinterState.Offline, p => p with { CurrentJobId = null, BedJobId = job.Id }, $"job {job.Id} interrupted");
            interrupted.Add(job.Id);
        }
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return interrupted;
    }
}
