namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private int _swallowOks;
    private long _lastResendRequest = -1;
    private long _staleRemaining;
    private int _resendsOfSameLine;

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
            SessionLog.UnreadableResend(_logger, Endpoint, line);
            return;
        }
        if (Profile?.OkAfterResend ?? true)
            _swallowOks++;
        if (requested == _lastResendRequest && _staleRemaining > 0)
        {
            _staleRemaining--;
            return;
        }
        if (requested >= _nextToSend)
        {
            // The firmware wants a line we have not sent yet: nothing to replay.
            _lastResendRequest = requested;
            _staleRemaining = 0;
            if (requested > _nextToSend)
                Fault($"the firmware asked for line {requested}, but the last line sent was {_nextToSend - 1}");
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
}
