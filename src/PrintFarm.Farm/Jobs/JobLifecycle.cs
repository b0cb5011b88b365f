using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Jobs;

/// <summary>
/// What the printer links report about a job (started, paused, resumed, completed, failed) and what staff
/// do to it (cancel, requeue). Each call is one transaction with its audit entries.
/// </summary>
public sealed class JobLifecycle
{
    private readonly IFarmStore _store;
    private readonly FarmOptions _options;
    private readonly TimeProvider _time;

    public JobLifecycle(IFarmStore store, FarmOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public Task<Job> StartedAsync(long jobId, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, printer) =>
        {
            var after = changes.MoveJob(job, JobState.Printing, j => j with { Attempts = j.Attempts + 1, StartedAt = changes.Now },
                $"attempt {job.Attempts + 1} on {job.PrinterId}");
            changes.MovePrinter(Required(printer, job), PrinterState.Printing, p => p, $"job {job.Id}");
            return after;
        }, cancellationToken);

    public Task<Job> PausedAsync(long jobId, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, printer) =>
        {
            var after = changes.MoveJob(job, JobState.Paused, j => j);
            changes.MovePrinter(Required(printer, job), PrinterState.Paused, p => p, $"job {job.Id}");
            return after;
        }, cancellationToken);

    public Task<Job> ResumedAsync(long jobId, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, printer) =>
        {
            var after = changes.MoveJob(job, JobState.Printing, j => j);
            changes.MovePrinter(Required(printer, job), PrinterState.Printing, p => p, $"job {job.Id}");
            return after;
        }, cancellationToken);

    /// <summary>The print finished. The printer waits in needs-bed-clear until the good parts are reported.</summary>
    public Task<Job> CompletedAsync(long jobId, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, printer) =>
        {
            var after = changes.MoveJob(job, JobState.Completed, j => j);
            var p0 = Required(printer, job);
            changes.MovePrinter(p0, PrinterState.NeedsBedClear,
                p => p with { CurrentJobId = null, BedJobId = job.Id, TrackRecord = p.TrackRecord with { JobsDone = p.TrackRecord.JobsDone + 1 } },
                $"job {job.Id} completed");
            return after;
        }, cancellationToken);

    /// <summary>The print failed on the printer: another attempt (up to the limit) or failed for good.</summary>
    public Task<Job> FailedAsync(long jobId, string reason, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, printer) =>
        {
            if (job.State is not (JobState.Printing or JobState.Paused))
                JobStateMachine.EnsureCanMove(job.Id, job.State, JobState.Failed);
            return JobTransitions.FailAttempt(changes, job, Required(printer, job), PrinterState.NeedsBedClear, _options.MaxAttempts, reason).Job;
        }, cancellationToken);

    /// <summary>Staff cancel a job. A started print leaves its printer in needs-bed-clear.</summary>
    public Task<Job> CancelAsync(long jobId, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, printer) =>
        {
            var after = changes.MoveJob(job, JobState.Cancelled, j => j);
            if (printer is not null && printer.CurrentJobId == job.Id)
            {
                var started = job.State is JobState.Printing or JobState.Paused;
                changes.MovePrinter(printer, started ? PrinterState.NeedsBedClear : printer.State,
                    p => p with { CurrentJobId = null, BedJobId = started ? job.Id : p.BedJobId }, $"job {job.Id} cancelled");
            }
            return after;
        }, cancellationToken);

    /// <summary>Staff send an interrupted job back to the queue; it keeps its attempt count.</summary>
    public Task<Job> RequeueAsync(long jobId, string actor, CancellationToken cancellationToken = default) =>
        RunAsync(jobId, actor, (changes, job, _) =>
        {
            if (job.State != JobState.Interrupted)
                throw new FarmValidationException($"job {job.Id} is {job.State}; only an interrupted job can be queued again");
            return job.Attempts >= _options.MaxAttempts
                ? changes.MoveJob(job, JobState.Failed, j => j, "interrupted on its last attempt; failed for good")
                : changes.MoveJob(job, JobState.Queued, j => j with { PrinterId = null }, "queued again after an interruption");
        }, cancellationToken);

    private static Printer Required(Printer? printer, Job job) =>
        printer ?? throw new FarmValidationException($"job {job.Id} is {job.State} and has no printer");

    private async Task<Job> RunAsync(long jobId, string actor, Func<ChangeSet, Job, Printer?, Job> apply, CancellationToken cancellationToken)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var job = await transaction.GetJobAsync(jobId, cancellationToken) ?? throw new FarmNotFoundException($"unknown job {jobId}");
        var printer = job.PrinterId is null ? null : await transaction.GetPrinterAsync(job.PrinterId, cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var after = apply(changes, job, printer);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }
}
