using Microsoft.Win32.SafeHandles;

namespace PrintFarm.Printing.Transports;

/// <summary>
/// A serial port's two directions: reads through System.IO.Ports' base stream, writes straight to
/// the device. On Unix, System.IO.Ports hands every write to an I/O loop that polls for reads with a
/// 1 ms timeout, so a write waits up to a millisecond before it reaches the driver — on a link where
/// every round trip to the firmware counts, that alone costs a tenth of the throughput at 250000 baud
/// with 1 ms of USB latency. The port is opened and configured (baud, 8N1, raw mode) by SerialPort;
/// the extra descriptor only writes, on the same device.
/// </summary>
internal sealed class SerialWriteThroughStream(Stream portStream, SafeFileHandle writeHandle) : Stream
{
    private readonly FileStream _writer = new(writeHandle, FileAccess.Write, bufferSize: 0, isAsync: false);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => portStream.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        portStream.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        portStream.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>A blocking write of a few dozen bytes into the tty's output buffer: microseconds.</summary>
    public override void Write(ReadOnlySpan<byte> buffer) => _writer.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
            portStream.Dispose();
        }
        base.Dispose(disposing);
    }
}
