namespace PrintFarm.Printing.Protocol;

/// <summary>
/// Progress, not chatter. The communication timeout and the early stall probe count from the last
/// ok or resend request while lines are in flight; temperature reports, <c>echo:</c>, <c>busy:</c> and
/// noise do not reset them. When either fires, an M105 probe goes out past the flow window: its
/// answer settles every line sent before it, because the firmware works in order. The watchdog counts
/// from the last sign of life (progress, busy, heating) and ends the job when it runs out.
/// </summary>
public sealed partial class PrinterSession
{
    private const double StallGapFactor = 8;
    private const double GapSmoothing = 1.0 / 8;
    private long _lastProgress;
    private long _lastAlive;
    private long _lastBusy = long.MinValue;
    private long _probeLine = -1;
    private long _probeRequestedAt;
    private long _probeStallStart;
    private bool _probeWanted;
    private bool _forceOne;
    private double _okGapSeconds;
    private ITimer? _stallTimer;
    private bool _stallTimerArmed;
    private ResendOkDetector _detector = new(initialGuess: true, overridden: false);
    private const int MinSyncInterval = 32;
    private const int MaxSyncInterval = 1024;
    private int _syncInterval = MaxSyncInterval / 4;
    private int _linesSinceSync;

    /// <summary>
    /// Raised on the session loop each time a probe settled lines whose ok never came, with the time
    /// from the last progress before the stall to the books being settled again.
    /// </summary>
    public event Action<TimeSpan>? Recovered;

    /// <summary>Whether the session currently believes the firmware prints ok after a resend request.</summary>
    public bool OkAfterResend => _detector.OkAfterResend;

    private TimeSpan CommunicationTimeout =>
        _options.CommunicationTimeout ?? TimeSpan.FromSeconds(Profile?.CommunicationTimeoutSeconds ?? 5);

    private TimeSpan StallThreshold
    {
        get
        {
            var threshold = TimeSpan.FromSeconds(_okGapSeconds * StallGapFactor);
            if (threshold < _options.StallProbeMinimum)
                threshold = _options.StallProbeMinimum;
            return threshold < CommunicationTimeout ? threshold : CommunicationTimeout;
        }
    }

    /// <summary>An ok or a resend request: the firmware moved.</summary>
    private void OnProgress(long now)
    {
        if (_window.Count > 0 && _probeLine < 0)
        {
            var gap = _time.GetElapsedTime(_lastProgress, now).TotalSeconds;
            _okGapSeconds = _okGapSeconds <= 0 ? gap : _okGapSeconds + (gap - _okGapSeconds) * GapSmoothing;
        }
        _lastProgress = now;
        _lastAlive = now;
        ArmStallTimer();
    }

    /// <summary>A line goes into an empty window: the clocks start from now.</summary>
    private void OnFirstInFlight(long now)
    {
        _lastProgress = now;
        _lastAlive = now;
        ArmStallTimer();
    }

    private void OnBusy(long now)
    {
        _lastAlive = now;
        _lastBusy = now;
    }

    private void ArmStallTimer()
    {
        if (_stallTimerArmed || _stallTimer is null)
            return;
        _stallTimerArmed = true;
        _stallTimer.Change(StallThreshold, Timeout.InfiniteTimeSpan);
    }

    /// <summary>No ok for several usual gaps with lines in flight, and the firmware not busy: probe early.</summary>
    private void OnStallCheck()
    {
        _stallTimerArmed = false;
        if (_state is not (SessionState.Ready or SessionState.Printing or SessionState.Paused) || _window.Count == 0)
            return;
        var now = _time.GetTimestamp();
        var left = StallThreshold - _time.GetElapsedTime(_lastProgress, now);
        if (left > TimeSpan.Zero)
        {
            _stallTimerArmed = true;
            _stallTimer?.Change(left, Timeout.InfiniteTimeSpan);
            return;
        }
        if (_probeLine >= 0 || _probeWanted || _lastBusy > _lastProgress)
            return;
        RequestProbe(now, replace: false);
    }

    /// <summary>A job line went out; in window mode, every so many lines an M105 makes a sync point that settles lost oks.</summary>
    private void CountTowardsSync()
    {
        if (_window.SendOnOk || ++_linesSinceSync < _syncInterval)
            return;
        if (_probeLine < 0 && !_probeWanted && !_syncProbeWanted && !_temperatureQueryPending)
            _syncProbeWanted = true;
    }

    /// <summary>The firmware printed <c>wait</c>: its buffer is empty, so whatever is still in flight is settled or lost.</summary>
    private void OnWait(long now)
    {
        if (_window.Count > 0 && _probeLine < 0 && !_probeWanted && _state is SessionState.Ready or SessionState.Printing or SessionState.Paused)
            RequestProbe(now, replace: false);
    }

    /// <summary>
    /// Asks for an M105 probe past the flow window. <paramref name="replace"/>: a probe already out is
    /// taken to have lost its answer, so that the next temperature ok settles through the new one.
    /// </summary>
    private void RequestProbe(long now, bool replace)
    {
        if (_probeLine >= 0 || _probeWanted)
        {
            if (!replace)
                return;
            _window.ForgetTemperatureQueries();
            _probeLine = -1;
        }
        Counters.Probe();
        SessionLog.Probe(_logger, Endpoint, _window.Count, _window.Oldest);
        _probeWanted = true;
        _forceOne = true;
        _probeRequestedAt = now;
        _probeStallStart = _lastProgress;
        _temperatureQueryPending = true; // The probe's answer is a temperature report too: no poll meanwhile.
        _lastTemperaturePoll = now;
    }

    /// <summary>A temperature ok settled <paramref name="count"/> lines through an M105 (<paramref name="found"/>): the books are exact.</summary>
    private void OnSyncPoint(int count, bool found, long now)
    {
        if (!found)
        {
            _detector.Reset();
            return;
        }
        // Lines before the M105 that are still in the window never got their own ok: lost oks (ghosts).
        // In window mode they shrink the window without stalling it, so sync points come more often
        // while they are found, and less often while they are not.
        _syncInterval = count > 1 ? Math.Max(MinSyncInterval, _syncInterval / 2) : Math.Min(MaxSyncInterval, _syncInterval * 2);
        _linesSinceSync = 0;
        if (_detector.Sync())
        {
            SessionLog.ResendOkDetected(_logger, Endpoint, _detector.OkAfterResend);
            if (!_detector.OkAfterResend)
                _swallowOks = 0;
        }
        if (_probeLine >= 0 && !_window.Contains(_probeLine))
        {
            if (count > 1)
                Recovered?.Invoke(_time.GetElapsedTime(_probeStallStart, now));
            _probeLine = -1;
        }
    }

    /// <summary>No ok or resend request for a communication timeout with lines in flight; a probe gets a whole timeout to answer.</summary>
    private bool CommunicationTimedOut(long now)
    {
        if (_window.Count == 0)
            return false;
        var since = _probeLine >= 0 || _probeWanted ? Math.Max(_lastProgress, _probeRequestedAt) : _lastProgress;
        return _time.GetElapsedTime(since, now) > CommunicationTimeout;
    }

    private void OnCommunicationTimeout(long now)
    {
        if (_lastBusy > _lastProgress && _time.GetElapsedTime(_lastBusy, now) < CommunicationTimeout)
        {
            // The firmware says it is busy with a long command (homing, a long move): its ok is late, not lost.
            return;
        }
        Counters.Timeout();
        _consecutiveTimeouts++;
        _lastProgress = now;
        if (_consecutiveTimeouts > _options.MaxConsecutiveTimeouts)
        {
            Interrupt($"the printer stopped answering ({_consecutiveTimeouts} timeouts of {CommunicationTimeout.TotalSeconds:0.##} s without a line)");
            return;
        }
        // Oks that follow a resend request come at once; any still expected now are not coming.
        _swallowOks = 0;
        _staleRemaining = 0;
        SessionLog.Timeout(_logger, Endpoint, _window.Count);
        RequestProbe(now, replace: true);
    }

    private void CheckWatchdog(long now)
    {
        if (_window.Count == 0)
            return;
        var quiet = _time.GetElapsedTime(_lastAlive, now);
        if (quiet < _options.Watchdog)
            return;
        Interrupt($"no progress for {quiet.TotalSeconds:0} s (no ok, resend request, busy or heating report) with {_window.Count} lines in flight");
    }
}
