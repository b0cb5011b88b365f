using System.Collections.Concurrent;
using System.Diagnostics;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// The dedicated thread that runs the firmware for one connection: it takes the bytes the reader
/// posts, advances the firmware to the present, then sleeps precisely until the next due event or
/// until more bytes come.
/// </summary>
internal sealed class FirmwareThread : IDisposable
{
    private static readonly long LogFlushIdle = Stopwatch.Frequency / 200;

    private readonly FirmwareCore _core;
    private readonly CommandLog _log;
    private readonly InboundWire _inbound;
    private readonly ConcurrentQueue<(byte[] Bytes, long ReceivedAt)> _inbox = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public FirmwareThread(FirmwareCore core, CommandLog log, InboundWire inbound)
    {
        _core = core;
        _log = log;
        _inbound = inbound;
        _thread = new Thread(Run) { IsBackground = true, Name = "virtual-printer-firmware" };
    }

    /// <summary>Completes when the thread ends; faulted if the firmware threw.</summary>
    public Task Stopped => _stopped.Task;

    public void Start() => _thread.Start();

    /// <summary>Bytes read off the link at <paramref name="receivedAt"/> (a Stopwatch timestamp).</summary>
    public void Post(byte[] bytes, long receivedAt)
    {
        _inbox.Enqueue((bytes, receivedAt));
        _signal.Set();
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
        try
        {
            _core.Start(Stopwatch.GetTimestamp());
            while (!_stopping && !_core.DisconnectRequested)
            {
                _signal.Reset();
                while (_inbox.TryDequeue(out var item))
                    _inbound.Add(item.Bytes, item.ReceivedAt);
                var now = Stopwatch.GetTimestamp();
                _core.AdvanceTo(now, _inbound);
                if (_core.DisconnectRequested)
                    break;
                var next = _core.NextEventTime(_inbound);
                if (next - now > LogFlushIdle)
                    _log.Flush();
                if (next == long.MaxValue)
                    _signal.Wait();
                else
                    PreciseDelay.WaitUntil(next, _signal);
            }
            _log.Flush();
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            _stopped.TrySetException(ex);
        }
    }
}
