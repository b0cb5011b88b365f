using System.Threading.Channels;

namespace PrintFarm.Printing.Transports;

/// <summary>
/// Two connected in-memory byte streams: what one end writes, the other reads. Closing one end
/// ends the other's reads, as a vanished port would.
/// </summary>
public static class InMemoryWire
{
    public static (Stream HostEnd, Stream PrinterEnd) CreatePair()
    {
        var toPrinter = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var toHost = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var host = new End(toHost.Reader, toPrinter.Writer);
        var printer = new End(toPrinter.Reader, toHost.Writer);
        return (host, printer);
    }

    private sealed class End : Stream
    {
        private readonly ChannelReader<byte[]> _in;
        private readonly ChannelWriter<byte[]> _out;
        private byte[]? _pending;
        private int _pendingOffset;

        public End(ChannelReader<byte[]> input, ChannelWriter<byte[]> output)
        {
            _in = input;
            _out = output;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_pending is null)
            {
                while (true)
                {
                    if (_in.TryRead(out var chunk))
                    {
                        _pending = chunk;
                        _pendingOffset = 0;
                        break;
                    }
                    try
                    {
                        if (!await _in.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                            return 0;
                    }
                    catch (ChannelClosedException)
                    {
                        return 0;
                    }
                }
            }
            var n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
            _pending.AsMemory(_pendingOffset, n).CopyTo(buffer);
            _pendingOffset += n;
            if (_pendingOffset == _pending.Length)
                _pending = null;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty)
                return;
            if (!_out.TryWrite(buffer.ToArray()))
                throw new IOException("The other end of the in-memory wire is closed.");
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _out.TryComplete();
            }
            base.Dispose(disposing);
        }
    }
}
