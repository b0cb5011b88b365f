namespace PrintFarm.Printing.Virtual;

/// <summary>The firmware's serial receive ring: a fixed number of bytes; what does not fit is lost.</summary>
internal sealed class ReceiveRing
{
    private readonly byte[] _bytes;
    private int _head;
    private int _count;

    public ReceiveRing(int capacity) => _bytes = new byte[capacity];

    public int Count => _count;

    public int Capacity => _bytes.Length;

    /// <summary>Stores the byte, or returns false when the ring is full and the byte is dropped.</summary>
    public bool TryPush(byte value)
    {
        if (_count == _bytes.Length)
            return false;
        _bytes[(_head + _count) % _bytes.Length] = value;
        _count++;
        return true;
    }

    public bool TryPop(out byte value)
    {
        if (_count == 0)
        {
            value = 0;
            return false;
        }
        value = _bytes[_head];
        _head = (_head + 1) % _bytes.Length;
        _count--;
        return true;
    }

    /// <summary>Throws away everything received so far and returns how many bytes that was.</summary>
    public int Clear()
    {
        var cleared = _count;
        _head = 0;
        _count = 0;
        return cleared;
    }
}
