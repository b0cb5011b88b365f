namespace PrintFarm.Printing.Virtual;

/// <summary>
/// The firmware's side of the serial line: the emergency parser that sees every byte as it arrives,
/// the receive ring that drops what does not fit, and the line reader that empties the ring.
/// </summary>
internal sealed class SerialReceiver
{
    private readonly ReceiveRing _ring;
    private readonly LineAssembler _assembler = new();
    private readonly EmergencyScanner _scanner = new();
    private readonly VirtualPrinterStats _stats;
    private readonly bool _emergencyParser;

    public SerialReceiver(VirtualPrinterOptions options, VirtualPrinterStats stats)
    {
        _ring = new ReceiveRing(options.RxBufferBytes);
        _stats = stats;
        _emergencyParser = options.EmergencyParser;
    }

    /// <summary>Bytes waiting in the ring.</summary>
    public int Buffered => _ring.Count;

    /// <summary>A byte comes off the wire. Returns the emergency command its line completed, if any.</summary>
    public EmergencyCommand Arrive(byte value)
    {
        _stats.Received(1);
        var emergency = _emergencyParser ? _scanner.Push(value) : EmergencyCommand.None;
        if (!_ring.TryPush(value))
            _stats.Dropped();
        return emergency;
    }

    /// <summary>Moves bytes from the ring to the line reader until a line is complete or the ring is empty.</summary>
    public bool TryReadLine(out string line)
    {
        while (_ring.TryPop(out var value))
        {
            if (_assembler.Push(value, out line))
                return true;
        }
        line = string.Empty;
        return false;
    }

    /// <summary>Throws away everything received and the partial line, as Marlin does after a line error.</summary>
    public void Flush()
    {
        _ring.Clear();
        _assembler.Reset();
    }
}
