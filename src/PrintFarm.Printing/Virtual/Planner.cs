namespace PrintFarm.Printing.Virtual;

/// <summary>
/// The motion planner: a queue of blocks executed one after another in (simulated) real time. It
/// measures starvation: the time it sat empty between blocks, counted when a new block ends the gap,
/// unless the print was over (motors off, hotend off) by then.
/// </summary>
internal sealed class Planner
{
    private readonly Queue<long> _waiting = new();
    private readonly VirtualPrinterStats _stats;
    private long _headEndsAt = long.MaxValue;
    private long _emptySince = -1;
    private bool _executing;
    private bool _printOver;

    public Planner(int capacity, VirtualPrinterStats stats)
    {
        Capacity = capacity;
        _stats = stats;
    }

    public int Capacity { get; }

    /// <summary>Blocks planned, the executing one included.</summary>
    public int Count => _waiting.Count + (_executing ? 1 : 0);

    public int Free => Capacity - Count;

    public bool IsEmpty => Count == 0;

    /// <summary>When the executing block finishes; <see cref="long.MaxValue"/> when idle.</summary>
    public long NextCompletion => _executing ? _headEndsAt : long.MaxValue;

    /// <summary>Adds a block of the given length at time <paramref name="now"/>. The caller checks for room.</summary>
    public void Add(long durationTicks, long now)
    {
        if (_executing)
        {
            _waiting.Enqueue(durationTicks);
            return;
        }
        if (_emptySince >= 0)
            _stats.Underrun(now - _emptySince);
        _stats.MoveStarted(now);
        _emptySince = -1;
        _printOver = false;
        _executing = true;
        _headEndsAt = now + durationTicks;
    }

    /// <summary>Finishes every block due by <paramref name="now"/>, each at its own end time.</summary>
    public void CompleteDue(long now)
    {
        while (_executing && _headEndsAt <= now)
        {
            var endedAt = _headEndsAt;
            _stats.MoveEnded(endedAt);
            if (_waiting.TryDequeue(out var next))
            {
                _headEndsAt = endedAt + next;
            }
            else
            {
                _executing = false;
                _headEndsAt = long.MaxValue;
                _emptySince = _printOver ? -1 : endedAt;
            }
        }
    }

    /// <summary>
    /// The print has ended (end G-code turned the motors or the hotend off): the wait until the next
    /// print's first move is not starvation.
    /// </summary>
    public void MarkPrintOver()
    {
        _printOver = true;
        if (!_executing)
            _emptySince = -1;
    }

    /// <summary>Throws every block away (quick stop or halt). The next block does not count as an underrun.</summary>
    public void Clear()
    {
        _waiting.Clear();
        _executing = false;
        _headEndsAt = long.MaxValue;
        _emptySince = -1;
    }
}
