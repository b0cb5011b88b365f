namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private ActiveJob? _job;

    private void OnStartJob(ActiveJob job)
    {
        if (_state != SessionState.Ready || _job is not null)
        {
            job.Completion.TrySetResult(new JobResult(JobOutcome.Failed, $"the printer is {_state.ToString().ToLowerInvariant()}, not ready for a job", Snapshot(job)));
            return;
        }
        _job = job;
        SetState(SessionState.Printing);
    }

    private void OnManual(ManualCommand manual)
    {
        if (_state is SessionState.Faulted or SessionState.Interrupted)
        {
            var allowed = Profile?.Reset.Contains(manual.Text, StringComparer.OrdinalIgnoreCase) == true;
            if (!allowed || _state == SessionState.Interrupted)
            {
                manual.Done.TrySetException(new PrinterFaultException($"the printer is {_state.ToString().ToLowerInvariant()} ({FaultReason}); only emergency stop and reset may be sent"));
                return;
            }
            // A reset after a halt: start a fresh conversation with the board.
            SetState(SessionState.Ready);
            FaultReason = null;
        }
        if (manual.Text.Length == 0)
        {
            manual.Done.TrySetResult();
            return;
        }
        _manualQueue.Enqueue(manual);
    }

    private void OnPause(TaskCompletionSource done)
    {
        if (_state != SessionState.Printing)
        {
            done.TrySetException(new InvalidOperationException($"cannot pause: the printer is {_state.ToString().ToLowerInvariant()}"));
            return;
        }
        SetState(SessionState.Paused);
        foreach (var command in Profile!.Scripts.Pause)
            _manualQueue.Enqueue(new ManualCommand(command));
        done.TrySetResult();
    }

    private void OnResume(TaskCompletionSource done)
    {
        if (_state != SessionState.Paused)
        {
            done.TrySetException(new InvalidOperationException($"cannot resume: the printer is {_state.ToString().ToLowerInvariant()}"));
            return;
        }
        foreach (var command in Profile!.Scripts.Resume)
            _manualQueue.Enqueue(new ManualCommand(command));
        SetState(SessionState.Printing);
        done.TrySetResult();
    }

    private void OnCancel(object? payload)
    {
        var done = payload as TaskCompletionSource;
        var job = _job;
        if (job is null || (payload is ActiveJob target && !ReferenceEquals(target, job)))
        {
            done?.TrySetResult();
            return;
        }
        _stagedLength = -1;
        EndJob(JobOutcome.Cancelled, "cancelled");
        if (_state is SessionState.Printing or SessionState.Paused)
        {
            SetState(SessionState.Ready);
            foreach (var command in Profile!.Scripts.Cancel)
                _manualQueue.Enqueue(new ManualCommand(command));
        }
        done?.TrySetResult();
    }

    private void CheckJobComplete()
    {
        var job = _job;
        if (job is null || !job.SourceDone || _stagedLength >= 0 || _nextToSend <= _lastFramed)
            return;
        if (_window.TryPeekOldest(out var oldest) && oldest <= job.LastJobLine)
            return;
        EndJob(JobOutcome.Completed, null);
        if (_state == SessionState.Printing)
            SetState(SessionState.Ready);
    }

    private void FailJob(string reason)
    {
        _stagedLength = -1;
        EndJob(JobOutcome.Failed, reason);
        if (_state is SessionState.Printing or SessionState.Paused)
            SetState(SessionState.Ready);
    }

    private void EndJob(JobOutcome outcome, string? reason)
    {
        var job = _job;
        if (job is null)
            return;
        _job = null;
        if (outcome == JobOutcome.Completed)
            job.LinesAcknowledged = job.LinesSent;
        job.Completion.TrySetResult(new JobResult(outcome, reason, Snapshot(job)));
    }

    private JobProgress Snapshot(ActiveJob job) => new(
        job.LinesSent,
        job.LinesAcknowledged,
        job.BytesSent,
        job.Source.SourceBytesRead,
        job.Source.SourceLength,
        job.Resends,
        job.Errors,
        _time.GetElapsedTime(job.StartTimestamp));

    /// <summary>The running job's progress, or null when idle. Safe to call from any thread (values may lag a moment).</summary>
    public JobProgress? CurrentJob => _job is { } job ? Snapshot(job) : null;

    /// <summary>The firmware halted or reported a fatal error: nothing more is sent but emergency stop and reset.</summary>
    private void Fault(string reason)
    {
        if (_state is SessionState.Faulted or SessionState.Interrupted)
            return;
        SessionLog.Faulted(_logger, Endpoint, reason);
        FaultReason = reason;
        SetState(SessionState.Faulted);
        _stagedLength = -1;
        EndJob(JobOutcome.Failed, reason);
        StopSending(reason);
    }

    /// <summary>The link vanished: the job is interrupted and never resumed blindly.</summary>
    private void Interrupt(string reason)
    {
        if (_state == SessionState.Interrupted)
            return;
        SessionLog.Interrupted(_logger, Endpoint, reason);
        FaultReason = reason;
        SetState(SessionState.Interrupted);
        EndJob(JobOutcome.Interrupted, reason);
        StopSending(reason);
        _handshake.TrySetException(new PrinterFaultException(reason));
    }

    private void StopSending(string reason)
    {
        _window.Clear();
        _nextToSend = _lastFramed + 1;
        foreach (var m in _manualQueue.Concat(_awaitingAck))
            m.Done.TrySetException(new PrinterFaultException(reason));
        _manualQueue.Clear();
        _awaitingAck.Clear();
    }

    private void AbandonAll(string reason)
    {
        EndJob(JobOutcome.Interrupted, reason);
        StopSending(reason);
        _handshake.TrySetException(new PrinterFaultException(reason));
    }
}
