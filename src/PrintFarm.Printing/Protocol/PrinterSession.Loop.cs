using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private ErrorClassifier? _classifier;
    private long _lastResponse;
    private int _consecutiveTimeouts;

    private async Task ReadPumpAsync()
    {
        try
        {
            await foreach (var line in _transport.ReadLinesAsync(_stop.Token).ConfigureAwait(false))
                _inputs.Writer.TryWrite(new SessionInput(SessionInputKind.Line, line));
        }
        catch (TransportException ex)
        {
            _inputs.Writer.TryWrite(new SessionInput(SessionInputKind.LinkLost, ex.Message));
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    private async Task LoopAsync()
    {
        StartHandshake();
        var reader = _inputs.Reader;
        try
        {
            await PumpAsync().ConfigureAwait(false);
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var input))
                    Handle(input);
                await PumpAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closing.
        }
        catch (TransportException ex)
        {
            Interrupt(ex.Message);
        }
        finally
        {
            AbandonAll(_state == SessionState.Faulted ? FaultReason ?? "the printer faulted" : "the session closed");
        }
    }

    private void Handle(SessionInput input)
    {
        switch (input.Kind)
        {
            case SessionInputKind.Line:
                OnLine(input.Text!);
                break;
            case SessionInputKind.LinkLost:
                Interrupt(input.Text!);
                break;
            case SessionInputKind.Tick:
                OnTick();
                break;
            case SessionInputKind.StallCheck:
                OnStallCheck();
                break;
            case SessionInputKind.Manual:
                OnManual((ManualCommand)input.Payload!);
                break;
            case SessionInputKind.StartJob:
                OnStartJob((ActiveJob)input.Payload!);
                break;
            case SessionInputKind.Pause:
                OnPause((TaskCompletionSource)input.Payload!);
                break;
            case SessionInputKind.Resume:
                OnResume((TaskCompletionSource)input.Payload!);
                break;
            case SessionInputKind.Cancel:
                OnCancel(input.Payload);
                break;
        }
    }

    private void OnLine(string line)
    {
        var now = _time.GetTimestamp();
        _lastResponse = now;
        _consecutiveTimeouts = 0;
        LineReceived?.Invoke(line);
        SessionLog.Received(_logger, Endpoint, line);
        switch (ResponseParser.Classify(line))
        {
            case ResponseKind.Ok:
                OnProgress(now);
                OnOk(line, now);
                break;
            case ResponseKind.Resend:
                OnProgress(now);
                OnResend(line);
                break;
            case ResponseKind.Temperature:
                if (line.Contains(" W:", StringComparison.Ordinal))
                    _lastAlive = now; // M109/M190 waiting: heating, reported every second.
                PublishTemperatures(line);
                break;
            case ResponseKind.FirmwareInfo:
            case ResponseKind.Capability:
                _firmwareLines.Add(line);
                break;
            case ResponseKind.Start:
                OnFirmwareStart();
                break;
            case ResponseKind.Busy:
                OnBusy(now);
                break;
            case ResponseKind.Wait:
                OnWait(now);
                break;
            default:
                OnOtherLine(line);
                break;
        }
    }

    private void OnOtherLine(string line)
    {
        var classifier = _classifier ?? new ErrorClassifier(_catalog.Get(_options.FallbackProfile));
        switch (classifier.Classify(line))
        {
            case ErrorSeverity.Fatal:
                Fault(ResponseParser.ErrorMessage(line));
                break;
            case ErrorSeverity.Informational:
                Counters.Error();
                if (_job is not null)
                    _job.Errors++;
                SessionLog.FirmwareError(_logger, Endpoint, line);
                break;
            default:
                if (line.StartsWith("echo:Unknown command", StringComparison.Ordinal) || line.StartsWith("// Unknown command", StringComparison.Ordinal))
                    SessionLog.FirmwareWarning(_logger, Endpoint, line);
                break;
        }
    }

    private void OnOk(string line, long now)
    {
        _detector.Ok();
        if (_swallowOks > 0)
        {
            _swallowOks--;
            return;
        }
        if (line.Length > 2 && line.Contains("FIRMWARE_NAME", StringComparison.Ordinal))
            _firmwareLines.Add(line);
        int acked;
        if (ResponseParser.TryParseAdvancedOk(line, out var n, out _, out _))
        {
            acked = Acknowledge(n, through: true);
        }
        else if (IsTemperatureOk(line))
        {
            PublishTemperatures(line);
            acked = AcknowledgeTemperatureQuery(out var found);
            OnSyncPoint(acked, found, now);
        }
        else
        {
            acked = Acknowledge(-1, through: false);
        }
        if (acked == 0)
            SessionLog.StrayOk(_logger, Endpoint);
    }

    private static bool IsTemperatureOk(string line) =>
        line.Contains(" T:", StringComparison.Ordinal) || line.Contains(" T0:", StringComparison.Ordinal) || line.Contains(" B:", StringComparison.Ordinal);

    private void PublishTemperatures(string line)
    {
        if (!TemperatureParser.TryParse(line, out var report))
            return;
        Temperatures = report;
        TemperaturesReported?.Invoke(report);
    }

    private void OnFirmwareStart()
    {
        if (_state == SessionState.Connecting)
        {
            StartHandshake();
            return;
        }
        if (_job is not null)
            Interrupt("the printer restarted (it printed \"start\") in the middle of the job");
    }

    private void OnTick()
    {
        var now = _time.GetTimestamp();
        if (_state == SessionState.Connecting)
        {
            CheckHandshakeTimeout(now);
            return;
        }
        if (_state is not (SessionState.Ready or SessionState.Printing or SessionState.Paused) || Profile is null)
            return;
        CheckWatchdog(now);
        if (_state is SessionState.Interrupted)
            return;
        if (CommunicationTimedOut(now))
        {
            OnCommunicationTimeout(now);
            return;
        }
        PollTemperatures(now);
    }
}
