namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Bytes the host has written, on their way to the firmware. Byte i arrives at
/// <c>max(arrival[i-1] + byte time, time read + latency)</c>; within one read the bytes follow each
/// other at the byte time, so a read is stored as a run with the arrival of its first byte.
/// </summary>
internal sealed class InboundWire
{
    private readonly WireTiming _timing;
    private readonly Queue<Run> _runs = new();
    private Run? _current;
    private int _index;
    private long _lastArrival = long.MinValue;

    public InboundWire(WireTiming timing) => _timing = timing;

    /// <summary>When the next byte reaches the firmware; <see cref="long.MaxValue"/> when none is on the way.</summary>
    public long NextArrival => _current is { } run ? _timing.Offset(run.FirstArrival, _index) : long.MaxValue;

    /// <summary>Bytes the host wrote, read off the link at <paramref name="receivedAt"/>.</summary>
    public void Add(byte[] bytes, long receivedAt)
    {
        if (bytes.Length == 0)
            return;
        var earliest = receivedAt + _timing.LatencyTicks;
        var first = _lastArrival == long.MinValue
            ? earliest
            : Math.Max(_lastArrival + (long)_timing.ByteTicks, earliest);
        _lastArrival = _timing.Offset(first, bytes.Length - 1);
        var run = new Run(bytes, first);
        if (_current is null)
        {
            _current = run;
            _index = 0;
        }
        else
        {
            _runs.Enqueue(run);
        }
    }

    /// <summary>Takes the next byte; call only when <see cref="NextArrival"/> is due.</summary>
    public byte Take()
    {
        var run = _current ?? throw new InvalidOperationException("No byte is on the way.");
        var value = run.Bytes[_index++];
        if (_index == run.Bytes.Length)
        {
            _current = _runs.TryDequeue(out var next) ? next : null;
            _index = 0;
        }
        return value;
    }

    private sealed record Run(byte[] Bytes, long FirstArrival);
}
