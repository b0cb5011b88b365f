using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Jobs;

/// <summary>The job-and-printer moves shared by the link events, the registry and start-up recovery.</summary>
internal static class JobTransitions
{
    /// <summary>A print attempt failed: back to the queue (another printer first) or, after the last attempt, failed for good.</summary>
    public static (Job Job, Printer Printer) FailAttempt(ChangeSet changes, Job job, Printer printer, PrinterState printerTo, int maxAttempts, string reason)
    {
        var final = job.Attempts >= maxAttempts;
        var failedOn = job.FailedPrinters.Contains(printer.Id) ? job.FailedPrinters : [.. job.FailedPrinters, printer.Id];
        var after = changes.MoveJob(job, final ? JobState.Failed : JobState.Queued,
            j => j with { PrinterId = final ? j.PrinterId : null, FailedPrinters = failedOn },
            $"attempt {job.Attempts} of {maxAttempts} failed on {printer.Id}: {reason}" + (final ? "; failed for good" : "; queued again"));
        var track = printer.TrackRecord with { JobsFailed = printer.TrackRecord.JobsFailed + 1, LastFailureAt = changes.Now };
        var printerAfter = changes.MovePrinter(printer, printerTo,
            p => p with { CurrentJobId = null, BedJobId = job.Id, TrackRecord = track }, $"job {job.Id} failed: {reason}");
        return (after, printerAfter);
    }

    /// <summary>An assigned job whose printer went away before the start goes back to the queue; no attempt is spent.</summary>
    public static Job Unassign(ChangeSet changes, Job job, string reason) =>
        changes.MoveJob(job, JobState.Queued, j => j with { PrinterId = null }, reason);

    /// <summary>A running job whose link was lost: interrupted, never restarted silently.</summary>
    public static Job Interrupt(ChangeSet changes, Job job, string reason) =>
        changes.MoveJob(job, JobState.Interrupted, j => j, reason);
}
