namespace PrintFarm.Printing.Gcode;

/// <summary>
/// A read-only wrapper that counts the bytes read from the inner stream and can peek at its first
/// bytes without needing it to seek, so that gzip can be detected on pipes too.
/// </summary>
internal sealed class CountingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private byte[] _peeked = [];
    private int _peekedOffset;

    public CountingReadStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Bytes read from the inner stream so far, peeked bytes included.</summary>
    public long BytesRead { get; private set; }

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
        return read;
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
