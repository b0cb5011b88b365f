using PrintFarm.Printing.Profiles;

namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private readonly List<string> _firmwareLines = [];
    private TaskCompletionSource _handshake = new();
    private long _handshakeLine = -1;
    private long _handshakeStarted;
    private int _handshakeAttempts;
    private long _lastTemperaturePoll;
    private bool _autoreport;

    /// <summary>Sends <c>M110 N0</c> and <c>M115</c> at once, without waiting for the board's <c>start</c>.</summary>
    private void StartHandshake()
    {
        _handshakeAttempts++;
        _handshakeStarted = _time.GetTimestamp();
        _firmwareLines.Clear();
        _manualQueue.Clear();
        _window.Clear();
        _window.SendOnOk = true;
        _swallowOks = 0;
        _staleRemaining = 0;
        _lastResendRequest = -1;
        _probeLine = -1;
        _probeWanted = false;
        _syncProbeWanted = false;
        _forceOne = false;
        _nextToSend = 0;
        _lastFramed = -1;
        _manualQueue.Enqueue(new ManualCommand("M110 N0"));
        _manualQueue.Enqueue(new ManualCommand("M115"));
        _handshakeLine = 1;
    }

    private void CheckHandshakeTimeout(long now)
    {
        if (_time.GetElapsedTime(_handshakeStarted, now) < _options.HandshakeTimeout)
            return;
        if (_handshakeAttempts >= _options.HandshakeAttempts)
        {
            var reason = $"no answer to M115 from {Endpoint} after {_handshakeAttempts} tries; check the port, the baud rate and that the printer is on";
            FaultReason = reason;
            SetState(SessionState.Interrupted);
            _handshake.TrySetException(new PrinterFaultException(reason));
            return;
        }
        StartHandshake();
    }

    private void FinishHandshake()
    {
        _handshakeLine = -1;
        Firmware = FirmwareInfo.Parse(_firmwareLines);
        var profile = _options.Profile is not null
            ? _catalog.Get(_options.Profile)
            : _catalog.Detect(Firmware.Raw) ?? _catalog.Get(_options.FallbackProfile);
        if (_options.OkAfterResend is bool okAfterResend)
            profile = profile with { OkAfterResend = okAfterResend };
        Profile = profile;
        _detector = new ResendOkDetector(profile.OkAfterResend, overridden: _options.OkAfterResend is not null);
        _classifier = new ErrorClassifier(profile);
        var flow = _options.Flow ?? profile.FlowControl;
        _window.SendOnOk = flow == FlowControl.Ok;
        _window.Limit = profile.RxBufferBytes;
        _autoreport = profile.UseTemperatureAutoreport && Firmware.Has("AUTOREPORT_TEMP");
        _lastTemperaturePoll = _time.GetTimestamp();
        if (_autoreport)
            _manualQueue.Enqueue(new ManualCommand($"M155 S{profile.TemperatureIntervalSeconds}"));
        var flowName = flow == FlowControl.Ok ? "ok" : "window";
        SessionLog.Connected(_logger, Endpoint, Firmware.Name ?? "unknown firmware", profile.Name, flowName);
        SetState(SessionState.Ready);
        _handshake.TrySetResult();
    }

    private void PollTemperatures(long now)
    {
        if (_autoreport || _temperatureQueryPending || Profile is null)
            return;
        if (_time.GetElapsedTime(_lastTemperaturePoll, now).TotalSeconds >= Profile.TemperatureIntervalSeconds)
            EnqueueTemperatureQuery(now);
    }
}
