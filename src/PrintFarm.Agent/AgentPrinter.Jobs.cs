using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Protocol;
using PrintFarm.Wire;

namespace PrintFarm.Agent;

internal sealed partial class AgentPrinter
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan JobStopWait = TimeSpan.FromSeconds(15);

    private volatile RunningJob? _job;
    private Task _jobTask = Task.CompletedTask;
    private long? _lastJobId;

    /// <summary>
    /// start-job, once the printer was found connected, ready and idle: the G-code is downloaded and checked (size,
    /// sha256) and only then streamed; the ack says whether the print started.
    /// </summary>
    private Task<AckMessage> StartJob(CommandMessage command)
    {
        var session = _session;
        if (session is null)
            return Task.FromResult(Refuse(command, "the printer is not connected"));
        if (_job is { } busy)
            return Task.FromResult(Refuse(command, $"the printer is busy with job {busy.JobId}"));
        if (session.State != SessionState.Ready)
            return Task.FromResult(Refuse(command, $"the printer is {CurrentState().Status}, not ready"));
        var jobId = command.JobId!.Value;
        var url = _ctx.Downloader.Resolve(command.Url!, out var urlError);
        if (url is null)
        {
            Outbox.Add(MessageTypes.JobFailed, jobId, reason: urlError);
            return Task.FromResult(Refuse(command, urlError!));
        }
        var job = new RunningJob(jobId, new CancellationTokenSource());
        _job = job;
        var ack = new TaskCompletionSource<AckMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _jobTask = Task.Run(() => RunJobAsync(command, url, job, session, ack), CancellationToken.None);
        return ack.Task;
    }

    private async Task RunJobAsync(CommandMessage command, Uri url, RunningJob job, PrinterSession session, TaskCompletionSource<AckMessage> ack)
    {
        var path = Path.Combine(_ctx.DataDirectory, "gcode", $"job-{job.JobId}-{command.Sha256![..12].ToLowerInvariant()}.gcode");
        try
        {
            LogDownloading(_log, Id, job.JobId, command.Size!.Value);
            string? problem;
            try
            {
                problem = await _ctx.Downloader.DownloadAsync(url, command.Size.Value, command.Sha256, path, job.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                problem = job.StopReason ?? "cancelled";
            }
            if (problem is not null)
            {
                // The file is not the job's G-code: nothing is printed.
                Outbox.Add(MessageTypes.JobFailed, job.JobId, reason: problem);
                ack.TrySetResult(Refuse(command, problem));
                return;
            }
            if (_session != session || session.State != SessionState.Ready)
            {
                ack.TrySetResult(Refuse(command, $"the printer is {CurrentState().Status}, not ready"));
                return;
            }
            await PrintAsync(command, path, job, session, ack).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the job is reported and the printer's loops go on.
            Outbox.Add(MessageTypes.JobFailed, job.JobId, reason: ex.Message);
            ack.TrySetResult(Refuse(command, ex.Message));
            LogJobCrashed(_log, Id, job.JobId, ex);
        }
        finally
        {
            ack.TrySetResult(Refuse(command, "the job ended before it started"));
            _lastJobId = job.JobId;
            _job = null;
            job.Dispose();
            GcodeDownloader.TryDelete(path);
            MarkState(urgent: true);
        }
    }

    private async Task PrintAsync(CommandMessage command, string path, RunningJob job, PrinterSession session, TaskCompletionSource<AckMessage> ack)
    {
        JobResult result;
        using (var reader = GcodeReader.Open(path))
        {
            Outbox.Add(MessageTypes.JobStarted, job.JobId);
            job.Printing = true;
            var run = session.RunJobAsync(new GcodeJobSource(reader), job.Token);
            ack.TrySetResult(new AckMessage(command.CommandId, true));
            MarkState(urgent: true);
            LogJobStarted(_log, Id, job.JobId);
            while (await Task.WhenAny(run, Task.Delay(ProgressInterval, _ctx.Time, CancellationToken.None)).ConfigureAwait(false) != run)
            {
                if (session.CurrentJob is { } progress)
                    Outbox.Add(MessageTypes.Progress, job.JobId, Math.Round(progress.Fraction, 4), linesSent: progress.LinesSent, resends: progress.Resends);
                MarkState(urgent: false);
            }
            result = await run.ConfigureAwait(false);
        }
        var p = result.Progress;
        switch (result.Outcome)
        {
            case JobOutcome.Completed:
                // Whether the parts are good is for a person at the bed to say (clear-bed).
                Outbox.Add(MessageTypes.JobCompleted, job.JobId, 1, goodParts: null, linesSent: p.LinesSent, resends: p.Resends);
                break;
            case JobOutcome.Cancelled:
                Outbox.Add(MessageTypes.JobFailed, job.JobId, Math.Round(p.Fraction, 4), reason: job.StopReason ?? result.Reason ?? "cancelled", linesSent: p.LinesSent, resends: p.Resends);
                break;
            case JobOutcome.Interrupted:
                Outbox.Add(MessageTypes.JobFailed, job.JobId, Math.Round(p.Fraction, 4), reason: $"{FailureReasons.Interrupted}: {result.Reason ?? "link lost"}", linesSent: p.LinesSent, resends: p.Resends);
                break;
            default:
                Outbox.Add(MessageTypes.JobFailed, job.JobId, Math.Round(p.Fraction, 4), reason: result.Reason ?? "failed", linesSent: p.LinesSent, resends: p.Resends);
                break;
        }
        LogJobEnded(_log, Id, job.JobId, result.Outcome, job.StopReason ?? result.Reason ?? "");
    }

    /// <summary>Waits (a while) for a running job to end and report, after the link dropped or a stop was asked.</summary>
    private async Task WaitForJobAsync()
    {
        try
        {
            await _jobTask.WaitAsync(JobStopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogJobStuck(_log, Id, _job?.JobId ?? 0);
        }
    }

    /// <summary>A job on this printer, from its download to its last report.</summary>
    private sealed class RunningJob(long jobId, CancellationTokenSource cancel) : IDisposable
    {
        public long JobId { get; } = jobId;

        public CancellationToken Token { get; } = cancel.Token;

        /// <summary>The G-code is streaming (the download is done).</summary>
        public volatile bool Printing;

        public string? StopReason { get; private set; }

        public void Stop(string reason)
        {
            StopReason ??= reason;
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already over.
            }
        }

        public void Dispose() => cancel.Dispose();
    }
}
