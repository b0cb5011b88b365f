using PrintFarm.Coordinator.Live;
using PrintFarm.Farm;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Coordinator.Printers;

internal sealed partial class PrinterDriver
{
    /// <summary>
    /// The link is up: offline becomes needs-bed-clear, and a printer that clears its own bed reports the
    /// plate that is on it (all parts good after a completed print, none otherwise) and becomes ready.
    /// </summary>
    private async Task ComeOnlineAsync(CancellationToken stop)
    {
        var printer = await _store.Printers.GetAsync(_config.Id, stop).ConfigureAwait(false) ?? throw new InvalidOperationException($"printer {_config.Id} is not registered");
        if (printer.State == PrinterState.Offline)
            printer = await Farm(() => _registry.SetStateAsync(_config.Id, PrinterState.NeedsBedClear, Actor, "link up", stop)).ConfigureAwait(false) ?? printer;
        await AutoClearAsync(printer, stop).ConfigureAwait(false);
    }

    private async Task AutoClearAsync(Printer printer, CancellationToken stop)
    {
        if (!_config.AutoClearBed || printer.State != PrinterState.NeedsBedClear)
            return;
        var bedJob = printer.BedJobId is { } id ? await _reader.GetJobAsync(id, stop).ConfigureAwait(false) : null;
        var good = bedJob is { State: JobState.Completed, GoodParts: null } && bedJob.PrinterId == _config.Id ? bedJob.Parts : 0;
        await Farm(() => _registry.BedClearedAsync(_config.Id, good, Actor, stop)).ConfigureAwait(false);
    }

    private async Task GoOfflineAsync(PrinterState to, string reason)
    {
        var printer = await _store.Printers.GetAsync(_config.Id, CancellationToken.None).ConfigureAwait(false);
        // Staff took a printer in maintenance out of service; its link coming and going changes nothing.
        if (printer is null || printer.State == to || printer.State == PrinterState.Maintenance)
            return;
        if (!PrinterStateMachine.CanMove(printer.State, to))
            to = PrinterState.Offline;
        await Farm(() => _registry.SetStateAsync(_config.Id, to, Actor, reason, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task PrintAsync(PrinterSession session, Job job, CancellationToken stop)
    {
        var variant = await _reader.GetVariantAsync(job.VariantId, stop).ConfigureAwait(false);
        var path = variant is null ? null : _files.Find(variant.Sha256);
        if (path is null)
        {
            await Farm(() => _registry.SetStateAsync(_config.Id, PrinterState.Error, Actor, $"job {job.Id}: G-code of {job.VariantId} is missing from the store", stop)).ConfigureAwait(false);
            return;
        }
        if (await Farm(() => _lifecycle.StartedAsync(job.Id, Actor, stop)).ConfigureAwait(false) is null)
            return;
        _cancelRequested = false;
        using var jobCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _jobCancel = jobCancel;
        JobResult result;
        using (var reader = GcodeReader.Open(path))
        {
            var run = session.RunJobAsync(new GcodeJobSource(reader), jobCancel.Token);
            while (await Task.WhenAny(run, Task.Delay(ProgressInterval, _time, CancellationToken.None)).ConfigureAwait(false) != run)
                Publish(session, job.Id, null);
            result = await run.ConfigureAwait(false);
        }
        _jobCancel = null;
        Publish(session, job.Id, result.Reason);
        LogJobEnded(_log, _config.Id, job.Id, result.Outcome, result.Reason ?? "");
        switch (result.Outcome)
        {
            case JobOutcome.Completed:
                if (await Farm(() => _lifecycle.CompletedAsync(job.Id, Actor, CancellationToken.None)).ConfigureAwait(false) is not null
                    && await _store.Printers.GetAsync(_config.Id, CancellationToken.None).ConfigureAwait(false) is { } after)
                    await AutoClearAsync(after, CancellationToken.None).ConfigureAwait(false);
                break;
            case JobOutcome.Cancelled when stop.IsCancellationRequested:
                // The coordinator is stopping: the job is recorded as interrupted when the link goes offline.
                break;
            case JobOutcome.Cancelled:
                await Farm(() => _lifecycle.CancelAsync(job.Id, _cancelRequested ? "staff" : Actor, CancellationToken.None)).ConfigureAwait(false);
                break;
            case JobOutcome.Failed when session.State == SessionState.Faulted:
                await Farm(() => _registry.SetStateAsync(_config.Id, PrinterState.Error, Actor, result.Reason ?? "firmware fault", CancellationToken.None)).ConfigureAwait(false);
                break;
            case JobOutcome.Failed:
                await Farm(() => _lifecycle.FailedAsync(job.Id, result.Reason ?? "failed", Actor, CancellationToken.None)).ConfigureAwait(false);
                break;
            case JobOutcome.Interrupted:
                // The link dropped; leaving the loop takes the printer offline, which interrupts the job.
                break;
        }
    }

    /// <summary>Cancels the running print on the printer; the job is recorded as cancelled when the firmware stops.</summary>
    public bool CancelRunningJob()
    {
        if (_jobCancel is not { } cancel)
            return false;
        _cancelRequested = true;
        cancel.Cancel();
        return true;
    }

    private string Actor => $"printer:{_config.Id}";

    private void Publish(PrinterSession session, long? jobId, string? message)
    {
        var progress = session.CurrentJob;
        var snapshot = new LiveSnapshot(session.State, session.Temperatures, progress is null ? null : jobId ?? _live.Snapshot.JobId,
            progress?.Fraction ?? 0, progress?.Elapsed ?? TimeSpan.Zero, session.Counters.LinesSent, session.Counters.Resends, message);
        _live.Set(snapshot);
    }

    /// <summary>
    /// Runs one farm operation (the farm announces what it changed). A refusal (someone else moved the printer or job
    /// first, as staff cancelling it) is logged and the loop goes on; it never takes the printer's loop down.
    /// </summary>
    private async Task<T?> Farm<T>(Func<Task<T>> operation) where T : class
    {
        try
        {
            // Retried until the store takes it: a finished print is never lost to a short store failure.
            return await _writes.RunAsync(_ => operation()).ConfigureAwait(false);
        }
        catch (FarmValidationException ex)
        {
            LogRefused(_log, _config.Id, ex.Message);
            return null;
        }
    }
}
