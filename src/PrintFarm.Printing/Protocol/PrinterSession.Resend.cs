namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private int _swallowOks;
    private long _lastResendRequest = -1;
    private long _staleRemaining;
    private int _resendsOfSameLine;
    private bool _syncProbeWanted;

    /// <summary>
    /// A resend request. Marlin empties its receive ring on a bad line, so every line already on the
    /// wire after it draws the same request again: those repeats are counted down and ignored, and
    /// the lines are replayed once. The firmware's line-number check guarantees that a mistaken
    /// extra replay is rejected rather than executed twice.
    /// </summary>
    private void OnResend(string line)
    {
        if (!ResponseParser.TryParseResend(line, out var requested))
        {
            if (!ResponseParser.IsResendWithoutNumber(line))
            {
                SessionLog.UnreadableResend(_logger, Endpoint, line);
                return;
            }
            // No number: the oldest line without an ok; the line-number check refuses what the firmware already has.
            requested = _window.Count > 0 ? _window.Oldest : _lastFramed + 1;
        }
        _detector.ResendRequest();
        if (_detector.OkAfterResend)
            _swallowOks++;
        if (requested == _lastResendRequest && _staleRemaining > 0)
        {
            _staleRemaining--;
            return;
        }
        if (!_detector.Confirmed && _state is SessionState.Ready or SessionState.Printing or SessionState.Paused)
            RequestSyncProbe();
        if (requested > _lastFramed)
        {
            OnResendAhead(requested);
            return;
        }
        if (requested >= _nextToSend)
        {
            // Mid-replay, the firmware wants a line the replay is about to send anyway. Skipping ahead
            // to it could skip a line if the number is wrong, so the replay goes on; a line the
            // firmware already has is refused by its line-number check, never run twice.
            _lastResendRequest = requested;
            _staleRemaining = 0;
            return;
        }
        if (!_history.Contains(requested))
        {
            Fault($"the firmware asked for line {requested}, which is no longer held for replay");
            return;
        }
        _resendsOfSameLine = requested == _lastResendRequest ? _resendsOfSameLine + 1 : 1;
        if (Profile is not null && _resendsOfSameLine > Profile.MaxResendsPerLine)
        {
            Fault($"line {requested} was asked for {_resendsOfSameLine} times in a row; the link is too noisy to print");
            return;
        }
        Counters.Resend();
        if (_job is not null)
            _job.Resends++;
        SessionLog.Resend(_logger, Endpoint, requested, _nextToSend - 1);
        _lastResendRequest = requested;
        _staleRemaining = _nextToSend - 1 - requested;
        _nextToSend = requested;
        _window.Rewind(requested);
    }

    /// <summary>
    /// A request for a line never sent: the firmware's count ran ahead (some builds number one past the
    /// bad line). Lines still in flight are sent again from the oldest, which the firmware's line-number
    /// check makes safe; with nothing in flight, <c>M110</c> brings its count back to the host's. A
    /// request that keeps coming back ends the job with a clear error.
    /// </summary>
    private void OnResendAhead(long requested)
    {
        _resendsOfSameLine = requested == _lastResendRequest ? _resendsOfSameLine + 1 : 1;
        _lastResendRequest = requested;
        _staleRemaining = 0;
        if (Profile is not null && _resendsOfSameLine > Profile.MaxResendsPerLine)
        {
            Fault($"the firmware asked for line {requested} {_resendsOfSameLine} times, but the last line sent was {_lastFramed}; its line numbers ran ahead and could not be brought back");
            return;
        }
        if (_window.Count > 0)
        {
            var from = _window.Oldest;
            SessionLog.ResendAhead(_logger, Endpoint, requested, _lastFramed, from);
            Counters.Resend();
            if (_job is not null)
                _job.Resends++;
            _nextToSend = from;
            _window.Rewind(from);
            return;
        }
        if (requested > _lastFramed + 1)
        {
            SessionLog.ResendAhead(_logger, Endpoint, requested, _lastFramed, _lastFramed + 1);
            _manualQueue.Enqueue(new ManualCommand("M110") { ResetsLineNumber = true });
        }
    }

    /// <summary>While it is not yet known whether resend requests draw an ok, a probe after one makes a sync point.</summary>
    private void RequestSyncProbe()
    {
        if (_probeLine >= 0 || _probeWanted || _syncProbeWanted)
            return;
        _syncProbeWanted = true;
    }
}
