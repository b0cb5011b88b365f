using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// The master side of a pseudo-terminal as a <see cref="Stream"/>. Reads wait in short polls so that
/// cancellation and disposal are noticed; writes that find no reader for a while are dropped, as bytes
/// sent down a serial line nobody listens to are lost.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PtyMasterStream : Stream
{
    private const int PollSliceMs = 50;
    private const int WriteGiveUpMs = 200;
    private readonly SafeFileHandle _master;

    public PtyMasterStream(SafeFileHandle master) => _master = master;

    /// <summary>Bytes thrown away because the pty's buffer stayed full (no host reading).</summary>
    public long BytesLost { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count), CancellationToken.None);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Read(buffer.Span, cancellationToken), cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int written;
            try
            {
                written = PtyNative.Write(_master, buffer);
            }
            catch (ObjectDisposedException)
            {
                throw new IOException("The pseudo-terminal is closed.");
            }
            if (written > 0)
            {
                buffer = buffer[written..];
                continue;
            }
            var error = PtyNative.LastError;
            if (error != PtyNative.ErrorTryAgain && error != PtyNative.ErrorInterrupted)
                throw PtyNative.Failure("write");
            if (Poll(PtyNative.PollOut, WriteGiveUpMs) == 0)
            {
                BytesLost += buffer.Length;
                return;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _master.Dispose();
        base.Dispose(disposing);
    }

    private int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read;
            try
            {
                read = PtyNative.Read(_master, buffer);
            }
            catch (ObjectDisposedException)
            {
                return 0;
            }
            if (read > 0)
                return read;
            var error = PtyNative.LastError;
            if (read == 0)
                return 0;
            if (error != PtyNative.ErrorTryAgain && error != PtyNative.ErrorInterrupted)
                throw PtyNative.Failure("read");
            Poll(PtyNative.PollIn, PollSliceMs);
        }
    }

    /// <summary>Polls the master, holding a reference so that a concurrent dispose cannot recycle the descriptor.</summary>
    private short Poll(short events, int timeoutMs)
    {
        var added = false;
        try
        {
            _master.DangerousAddRef(ref added);
            return PtyNative.Poll(_master, events, timeoutMs);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
                _master.DangerousRelease();
        }
    }
}
