using System.Text;

namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private static readonly byte[] M105 = "M105"u8.ToArray();
    private readonly Queue<ManualCommand> _manualQueue = new();
    private readonly Queue<ManualCommand> _awaitingAck = new();
    private long _nextToSend;
    private long _lastFramed = -1;
    private readonly byte[] _staged = new byte[4096];
    private int _stagedLength = -1;
    private long _temperatureQueryLine = -1;
    private bool _temperatureQueryPending;

    /// <summary>Writes every line the flow window allows, batched into as few writes as possible.</summary>
    private async ValueTask PumpAsync()
    {
        if (_state is SessionState.Faulted or SessionState.Interrupted or SessionState.Closed or SessionState.Disconnected)
            return;
        while (true)
        {
            var (length, lines, more) = FillWriteBuffer();
            if (length > 0)
                await WriteBufferAsync(length, lines).ConfigureAwait(false);
            if (!more)
                break;
        }
        CheckJobComplete();
    }

    /// <summary>Copies sendable lines into the write buffer. <c>more</c> is true when the buffer filled first.</summary>
    private (int Length, int Lines, bool More) FillWriteBuffer()
    {
        var length = 0;
        var lines = 0;
        while (true)
        {
            if (_nextToSend > _lastFramed && !FrameNext())
                return (length, lines, false);
            var line = _history.Get(_nextToSend);
            var forced = _forceOne || _nextToSend == _probeLine;
            if (!forced && !_window.CanSend(line.Length))
                return (length, lines, false);
            if (length + line.Length > _writeBuffer.Length)
                return (length, lines, true);
            line.CopyTo(_writeBuffer.AsSpan(length));
            length += line.Length;
            lines++;
            _forceOne = false;
            if (_window.Count == 0)
                OnFirstInFlight(_time.GetTimestamp());
            _window.Add(_nextToSend, line.Length, _nextToSend == _temperatureQueryLine);
            if (_job is not null && _history.IsJob(_nextToSend))
                _job.BytesSent += line.Length;
            _nextToSend++;
        }
    }

    private async ValueTask WriteBufferAsync(int length, int lines)
    {
        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Trace))
        {
            foreach (var sent in Encoding.ASCII.GetString(_writeBuffer, 0, length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                SessionLog.Sent(_logger, Endpoint, sent);
        }
        await WriteRawAsync(_writeBuffer.AsMemory(0, length), _stop.Token).ConfigureAwait(false);
        Counters.Sent(lines, length);
    }

    private async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _transport.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Numbers the next line, the priority lane first, then the job, but only when the flow window
    /// can take it now: a line is numbered at the moment it goes out, so that a manual command or
    /// a pause always goes ahead of every job line not yet written.
    /// </summary>
    private bool FrameNext()
    {
        var number = _lastFramed + 1;
        var numbered = Profile?.LineNumbers ?? true;
        if (_probeWanted)
        {
            // The probe goes out past the flow window: it is what settles a window that lost its oks.
            _history.Store(number, M105, numbered, isJob: false);
            _probeWanted = false;
            _probeLine = number;
            _lastTemperaturePoll = _time.GetTimestamp();
            _temperatureQueryLine = number;
            _temperatureQueryPending = true;
            _lastFramed = number;
            return true;
        }
        if (_syncProbeWanted)
        {
            _history.Store(number, M105, numbered, isJob: false);
            if (!_window.CanSend(_history.Get(number).Length))
            {
                _history.Forget(number);
                return false;
            }
            _syncProbeWanted = false;
            _temperatureQueryLine = number;
            _temperatureQueryPending = true;
            _lastFramed = number;
            return true;
        }
        if (_manualQueue.TryPeek(out var manual))
        {
            var text = manual.ResetsLineNumber ? $"M110 N{number}" : manual.Text;
            _history.Store(number, Encoding.ASCII.GetBytes(text), numbered, isJob: false);
            if (!_window.CanSend(_history.Get(number).Length))
            {
                _history.Forget(number);
                return false;
            }
            _manualQueue.Dequeue();
            manual.LineNumber = number;
            if (manual.IsTemperatureQuery)
                _temperatureQueryLine = number;
            _awaitingAck.Enqueue(manual);
            _lastFramed = number;
            return true;
        }
        var job = _job;
        if (job is null || _state != SessionState.Printing || !StageJobCommand(job))
            return false;
        _history.Store(number, _staged.AsSpan(0, _stagedLength), numbered, isJob: true);
        if (!_window.CanSend(_history.Get(number).Length))
        {
            _history.Forget(number);
            return false;
        }
        _stagedLength = -1;
        job.LastJobLine = number;
        job.LinesSent++;
        CountTowardsSync();
        _lastFramed = number;
        return true;
    }

    /// <summary>Makes sure the next job command is read into the staging buffer. False at the end of the job.</summary>
    private bool StageJobCommand(ActiveJob job)
    {
        if (_stagedLength >= 0)
            return true;
        if (job.SourceDone)
            return false;
        try
        {
            if (!job.Source.TryReadCommand(out var command, out var sourceLine))
            {
                job.SourceDone = true;
                return false;
            }
            if (command.Length > Profile!.MaxCommandLength || command.Length > _staged.Length)
            {
                FailJob($"source line {sourceLine}: command of {command.Length} characters is longer than the firmware's {Profile.MaxCommandLength}");
                return false;
            }
            command.CopyTo(_staged);
            _stagedLength = command.Length;
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
        {
            FailJob(ex.Message);
            return false;
        }
    }

    private void EnqueueTemperatureQuery(long now)
    {
        _lastTemperaturePoll = now;
        _temperatureQueryPending = true;
        _manualQueue.Enqueue(new ManualCommand("M105") { IsTemperatureQuery = true });
    }

    /// <summary>Marks lines acknowledged: the oldest one, or all up to <paramref name="number"/>.</summary>
    private int Acknowledge(long number, bool through)
    {
        int count;
        long last;
        if (through)
        {
            count = _window.AckThrough(number);
            last = number;
        }
        else
        {
            last = _window.AckOne();
            count = last >= 0 ? 1 : 0;
        }
        if (count > 0)
            Settle(last, count);
        return count;
    }

    private int AcknowledgeTemperatureQuery(out bool found)
    {
        _window.TryPeekOldest(out var first);
        var count = _window.AckThroughTemperatureQuery(out found);
        if (count > 0)
            Settle(first + count - 1, count);
        return count;
    }

    private void Settle(long lastAcked, int count)
    {
        Counters.Acknowledged(count);
        _detector.Settled(count);
        if (_job is not null)
            _job.LinesAcknowledged = Math.Min(_job.LinesSent, _job.LinesAcknowledged + count);
        if (_temperatureQueryLine >= 0 && lastAcked >= _temperatureQueryLine)
        {
            _temperatureQueryLine = -1;
            _temperatureQueryPending = false;
        }
        while (_awaitingAck.TryPeek(out var m) && m.LineNumber <= lastAcked)
            _awaitingAck.Dequeue().Done.TrySetResult();
        if (_state == SessionState.Connecting && lastAcked >= _handshakeLine && _handshakeLine >= 0)
            FinishHandshake();
    }
}
