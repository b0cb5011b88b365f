namespace PrintFarm.Printing.Gcode;

/// <summary>
/// A read-only wrapper that counts the bytes read from the inner stream and can peek at its first
/// bytes without needing it to seek, so that gzip can be detected on pipes too.
/// </summary>
internal sealed class CountingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private const int TailLength = 8;

    private readonly byte[] _tail = new byte[TailLength];
    private byte[] _peeked = [];
    private int _peekedOffset;
    private int _tailLength;

    public CountingReadStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Bytes read from the inner stream so far, peeked bytes included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The last (up to) 8 bytes read from the inner stream: a gzip file's CRC32 and size trailer once it is read to the end.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(TailLength - _tailLength);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads up to <paramref name="count"/> bytes ahead; later reads return them again.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_peeked.Length == 0)
        {
            var bytes = new byte[count];
            var n = 0;
            int read;
            while (n < count && (read = _inner.Read(bytes, n, count - n)) > 0)
                n += read;
            BytesRead += n;
            _peeked = bytes[..n];
            Remember(_peeked);
        }
        return _peeked.AsSpan(_peekedOffset);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_peekedOffset < _peeked.Length)
        {
            var n = Math.Min(buffer.Length, _peeked.Length - _peekedOffset);
            _peeked.AsSpan(_peekedOffset, n).CopyTo(buffer);
            _peekedOffset += n;
            return n;
        }
        var read = _inner.Read(buffer);
        BytesRead += read;
        Remember(buffer[..read]);
        return read;
    }

    /// <summary>Reads and discards whatever is left, so that <see cref="Tail"/> holds the last bytes of the stream.</summary>
    public void ReadToEnd()
    {
        Span<byte> scratch = stackalloc byte[512];
        while (Read(scratch) > 0)
        {
        }
    }

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= TailLength)
        {
            bytes[^TailLength..].CopyTo(_tail);
            _tailLength = TailLength;
            return;
        }
        _tail.AsSpan(bytes.Length).CopyTo(_tail);
        bytes.CopyTo(_tail.AsSpan(TailLength - bytes.Length));
        _tailLength = Math.Min(TailLength, _tailLength + bytes.Length);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
            _inner.Dispose();
        base.Dispose(disposing);
    }
}
