namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Splits a byte stream into lines through one fixed buffer. A line longer than the limit is cut:
/// its head is returned, flagged, and the rest is skipped without being buffered.
/// </summary>
internal sealed class LineBuffer
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly int _maxLineLength;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfStream;
    private bool _skippingRestOfLine;

    public LineBuffer(Stream stream, int bufferSize, int maxLineLength)
    {
        if (bufferSize <= maxLineLength + 1)
            throw new ArgumentOutOfRangeException(nameof(bufferSize), "The buffer must hold a line of the maximum length.");
        _stream = stream;
        _buffer = new byte[bufferSize];
        _maxLineLength = maxLineLength;
    }

    /// <summary>Bytes consumed so far: the lines returned, with their terminators.</summary>
    public long Consumed => _bufferOffset + _start;

    /// <summary>Buffers at least <paramref name="length"/> bytes (fewer at the end of the stream) and returns what is buffered, without consuming it.</summary>
    public ReadOnlySpan<byte> Peek(int length)
    {
        while (!_endOfStream && _end - _start < length)
            Fill();
        return _buffer.AsSpan(_start, _end - _start);
    }

    /// <summary>Consumes <paramref name="count"/> bytes already returned by <see cref="Peek"/>.</summary>
    public void Skip(int count) => _start += Math.Min(count, _end - _start);

    /// <summary>
    /// Returns the next line without its <c>\n</c> (a trailing <c>\r</c> is removed). When the line is
    /// longer than the limit, only its first bytes are returned and <paramref name="cut"/> is true.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<byte> line, out bool cut)
    {
        cut = false;
        if (_skippingRestOfLine)
            SkipRestOfLine();
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0 || (_endOfStream && !pending.IsEmpty))
            {
                line = newline >= 0 ? pending[..newline] : pending;
                _start += newline >= 0 ? newline + 1 : pending.Length;
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                    line = line[..^1];
                cut = line.Length > _maxLineLength;
                if (cut)
                    line = line[.._maxLineLength];
                return true;
            }
            if (_endOfStream)
                break;
            if (pending.Length > _maxLineLength + 1)
            {
                _start = _end;
                _skippingRestOfLine = true;
                line = pending[.._maxLineLength];
                cut = true;
                return true;
            }
            Fill();
        }
        line = default;
        return false;
    }

    private void SkipRestOfLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                _skippingRestOfLine = false;
                return;
            }
            _start = _end;
            if (_endOfStream)
                return;
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _endOfStream = true;
        _end += read;
    }
}
