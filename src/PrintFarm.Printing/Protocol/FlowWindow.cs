namespace PrintFarm.Printing.Protocol;

/// <summary>
/// The lines on their way to the firmware and not yet acknowledged, oldest first. In window mode
/// the unacknowledged bytes never exceed the firmware's receive ring; in ok mode one line is in flight.
/// </summary>
internal sealed class FlowWindow
{
    private readonly Queue<(long Number, int Length, bool IsTemperatureQuery)> _inFlight = new();
    private int _bytes;

    public int Limit { get; set; } = 128;
    public bool SendOnOk { get; set; } = true;
    public int Count => _inFlight.Count;
    public int Bytes => _bytes;

    public bool CanSend(int length) =>
        _inFlight.Count == 0 || (!SendOnOk && _bytes + length <= Limit);

    public void Add(long number, int length, bool isTemperatureQuery)
    {
        _inFlight.Enqueue((number, length, isTemperatureQuery));
        _bytes += length;
    }

    public bool TryPeekOldest(out long number)
    {
        var ok = _inFlight.TryPeek(out var entry);
        number = ok ? entry.Number : -1;
        return ok;
    }

    /// <summary>A plain ok: the oldest line was processed. Returns its number, or -1 for a stray ok.</summary>
    public long AckOne()
    {
        if (!_inFlight.TryDequeue(out var entry))
            return -1;
        _bytes -= entry.Length;
        return entry.Number;
    }

    /// <summary>ADVANCED_OK: every line up to and including <paramref name="number"/> has left the receive ring.</summary>
    public int AckThrough(long number)
    {
        var n = 0;
        while (_inFlight.TryPeek(out var entry) && entry.Number <= number)
        {
            _inFlight.Dequeue();
            _bytes -= entry.Length;
            n++;
        }
        return n;
    }

    /// <summary>
    /// An ok that carries a temperature report answers an M105: everything sent before that M105
    /// has been processed too, since the firmware works in order. Returns how many lines it settled.
    /// </summary>
    public int AckThroughTemperatureQuery(out bool found)
    {
        found = _inFlight.Any(e => e.IsTemperatureQuery);
        if (!found)
            return AckOne() >= 0 ? 1 : 0;
        var n = 0;
        while (_inFlight.TryDequeue(out var entry))
        {
            _bytes -= entry.Length;
            n++;
            if (entry.IsTemperatureQuery)
                break;
        }
        return n;
    }

    /// <summary>A resend from <paramref name="number"/>: that line and later ones were thrown away.</summary>
    public void Rewind(long number)
    {
        var keep = _inFlight.Where(e => e.Number < number).ToList();
        _inFlight.Clear();
        _bytes = 0;
        foreach (var e in keep)
            Add(e.Number, e.Length, e.IsTemperatureQuery);
    }

    /// <summary>The oldest line still in flight is owed an ok; -1 when nothing is in flight.</summary>
    public long Oldest => _inFlight.TryPeek(out var entry) ? entry.Number : -1;

    public bool Contains(long number) => _inFlight.Any(e => e.Number == number);

    /// <summary>An M105 whose answer was lost: from now on its line is an ordinary line in flight.</summary>
    public void ForgetTemperatureQueries()
    {
        if (!_inFlight.Any(e => e.IsTemperatureQuery))
            return;
        var all = _inFlight.ToList();
        _inFlight.Clear();
        foreach (var e in all)
            _inFlight.Enqueue((e.Number, e.Length, false));
    }

    public void Clear()
    {
        _inFlight.Clear();
        _bytes = 0;
    }
}
