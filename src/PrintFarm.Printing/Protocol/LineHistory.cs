using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Protocol;

/// <summary>
/// The last framed lines by line number, kept so that any line the firmware may ask for again can
/// be replayed byte for byte. A fixed ring of reusable buffers: nothing is allocated per line.
/// </summary>
internal sealed class LineHistory
{
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly long[] _numbers;
    private readonly bool[] _isJob;

    public LineHistory(int capacity)
    {
        _slots = new byte[capacity][];
        _lengths = new int[capacity];
        _numbers = new long[capacity];
        _isJob = new bool[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new byte[LineFraming.MaxFramedLength * 4];
            _numbers[i] = -1;
        }
    }

    public int Capacity => _slots.Length;

    /// <summary>Frames <paramref name="command"/> as line <paramref name="number"/> and stores it.</summary>
    public void Store(long number, ReadOnlySpan<byte> command, bool numbered, bool isJob)
    {
        var i = Index(number);
        var slot = _slots[i];
        if (numbered)
        {
            _lengths[i] = LineFraming.Frame(number, command, slot);
        }
        else
        {
            command.CopyTo(slot);
            slot[command.Length] = (byte)'\n';
            _lengths[i] = command.Length + 1;
        }
        _numbers[i] = number;
        _isJob[i] = isJob;
    }

    public bool Contains(long number) => number >= 0 && _numbers[Index(number)] == number;

    public ReadOnlySpan<byte> Get(long number)
    {
        var i = Index(number);
        if (_numbers[i] != number)
            throw new InvalidOperationException($"line {number} is no longer in the history");
        return _slots[i].AsSpan(0, _lengths[i]);
    }

    public bool IsJob(long number) => _isJob[Index(number)];

    /// <summary>Forgets a stored line (a staged line that was never sent).</summary>
    public void Forget(long number)
    {
        var i = Index(number);
        if (_numbers[i] == number)
            _numbers[i] = -1;
    }

    private int Index(long number) => (int)(number % _slots.Length);
}
