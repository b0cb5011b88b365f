using System.Text;

namespace PrintFarm.Printing.Protocol;

public sealed partial class PrinterSession
{
    private static readonly byte[] M105 = "M105"u8.ToArray();
    private readonly Queue<ManualCommand> _manualQueue = new();
    private readonly Queue<ManualCommand> _awaitingAck = new();
    private long _nextToSend;
    private long _lastFramed = -1;
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
            if (!_window.CanSend(line.Length))
                return (length, lines, false);
            if (length + line.Length > _writeBuffer.Length)
                return (length, lines, true);
            line.CopyTo(_writeBuffer.AsSpan(length));
            length += line.Length;
            lines++;
            _window.Add(_nextToSend, line.Length, _nextToSend == _temperatureQueryLine);
            if (_job is not null && _history.IsJob(_nextToSend))
                _job.BytesSent += line.Length;
            _nextToSend++;
        }
    }

    private async ValueTask WriteBufferAsync(int length, int lines)
    {
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

    /// <summary>Frames the next line: the priority lane first, then the job. False when nothing is waiting.</summary>
    private bool FrameNext()
    {
        var number = _lastFramed + 1;
        var numbered = Profile?.LineNumbers ?? true;
        if (_manualQueue.TryDequeue(out var manual))
        {
            var bytes = Encoding.ASCII.GetBytes(manual.Text);
            _history.Store(number, bytes, numbered, isJob: false);
            manual.LineNumber = number;
            if (manual.IsTemperatureQuery)
                _temperatureQueryLine = number;
            if (manual.Done.Task.IsCompleted is false)
                _awaitingAck.Enqueue(manual);
            _lastFramed = number;
            return true;
        }
        var job = _job;
        if (job is null || job.SourceDone || _state != SessionState.Printing)
            return false;
        ReadOnlySpan<byte> command;
        try
        {
            if (!job.Source.TryReadCommand(out command, out var sourceLine))
            {
                job.SourceDone = true;
                return false;
            }
            if (command.Length > Profile!.MaxCommandLength)
            {
                FailJob($"source line {sourceLine}: command of {command.Length} characters is longer than the firmware's {Profile.MaxCommandLength}");
                return false;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
        {
            FailJob(ex.Message);
            return false;
        }
        _history.Store(number, command, numbered, isJob: true);
        job.LastJobLine = number;
        job.LinesSent++;
        _lastFramed = number;
        return true;
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

    private int AcknowledgeTemperatureQuery()
    {
        _window.TryPeekOldest(out var first);
        var count = _window.AckThroughTemperatureQuery();
        if (count > 0)
            Settle(first + count - 1, count);
        return count;
    }

    private void Settle(long lastAcked, int count)
    {
        Counters.Acknowledged(count);
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
