using System.Diagnostics;
using System.Text;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// The firmware's transmit side. Each response byte leaves at <c>max(previous + byte time, time
/// produced + latency)</c>; a dedicated thread writes each line to the link when its last byte is due,
/// batching whatever else is due by then.
/// </summary>
internal sealed class Transmitter : IResponseSink, IDisposable
{
    private readonly Stream _wire;
    private readonly WireTiming _timing;
    private readonly byte[] _lineEnding;
    private readonly VirtualPrinterStats _stats;
    private readonly Queue<Pending> _pending = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private long _lastDeparture = long.MinValue;
    private bool _drainRequested;
    private volatile bool _stopping;

    public Transmitter(Stream wire, WireTiming timing, string lineEnding, VirtualPrinterStats stats)
    {
        _wire = wire;
        _timing = timing;
        _lineEnding = Encoding.ASCII.GetBytes(lineEnding);
        _stats = stats;
        _thread = new Thread(Run) { IsBackground = true, Name = "virtual-printer-tx" };
    }

    /// <summary>Completes when the thread has ended: stopped, or the link failed.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>True when a write failed because the host end is gone.</summary>
    public bool Failed { get; private set; }

    public void Start() => _thread.Start();

    public void Send(string line, long generatedAt)
    {
        var bytes = new byte[Encoding.Latin1.GetByteCount(line) + _lineEnding.Length];
        Encoding.Latin1.GetBytes(line, bytes);
        _lineEnding.CopyTo(bytes, bytes.Length - _lineEnding.Length);
        var earliest = generatedAt + _timing.LatencyTicks;
        var first = _lastDeparture == long.MinValue ? earliest : Math.Max(_lastDeparture + (long)_timing.ByteTicks, earliest);
        _lastDeparture = _timing.Offset(first, bytes.Length - 1);
        bool wasEmpty;
        lock (_pending)
        {
            wasEmpty = _pending.Count == 0;
            _pending.Enqueue(new Pending(bytes, _lastDeparture));
        }
        if (wasEmpty)
            _signal.Set();
    }

    /// <summary>Completes once every line sent so far has been written (or the link failed).</summary>
    public Task DrainAsync()
    {
        lock (_pending)
            _drainRequested = true;
        _signal.Set();
        return _drained.Task;
    }

    public void Stop()
    {
        _stopping = true;
        _signal.Set();
    }

    public void Dispose()
    {
        Stop();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
            _thread.Join();
        _signal.Dispose();
    }

    private void Run()
    {
        NativeTime.TightenTimerSlack();
        var batch = new MemoryStream();
        try
        {
            while (!_stopping)
            {
                _signal.Reset();
                long due;
                lock (_pending)
                {
                    if (_pending.Count == 0)
                    {
                        if (_drainRequested)
                            _drained.TrySetResult();
                        due = long.MaxValue;
                    }
                    else
                    {
                        due = _pending.Peek().Due;
                    }
                }
                if (due == long.MaxValue)
                {
                    _signal.Wait();
                    continue;
                }
                if (due > Stopwatch.GetTimestamp())
                {
                    PreciseDelay.WaitUntil(due, _signal);
                    continue;
                }
                WriteDue(batch);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            Failed = true;
        }
        finally
        {
            _drained.TrySetResult();
            _stopped.TrySetResult();
        }
    }

    private void WriteDue(MemoryStream batch)
    {
        batch.SetLength(0);
        var now = Stopwatch.GetTimestamp();
        lock (_pending)
        {
            while (_pending.TryPeek(out var next) && next.Due <= now)
                batch.Write(_pending.Dequeue().Bytes);
        }
        _wire.Write(batch.GetBuffer(), 0, (int)batch.Length);
        _wire.Flush();
        _stats.Sent(batch.Length);
    }

    private sealed record Pending(byte[] Bytes, long Due);
}
