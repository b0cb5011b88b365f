using System.Runtime.CompilerServices;
using System.Text;

namespace PrintFarm.Printing.Transports;

/// <summary>
/// Shared line reading and writing over a byte stream. Serial, TCP and in-memory transports
/// only say how the stream is opened.
/// </summary>
public abstract class StreamLineTransport : ILineTransport
{
    private const int ReadBufferSize = 4096;
    private const int MaxLineLength = 4096;
    private Stream? _stream;
    private volatile bool _closing;
    private volatile string? _failure;

    public abstract string Endpoint { get; }

    /// <summary>Opens the underlying stream.</summary>
    protected abstract ValueTask<Stream> OpenStreamAsync(CancellationToken cancellationToken);

    public async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null)
            throw new InvalidOperationException($"{Endpoint} is already open.");
        _stream = await OpenStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A write that has not finished after this long means the link is gone: a serial driver whose
    /// device vanished can leave a write pending for ever. At 9600 baud a full 4 KiB batch takes 4.3 s.
    /// </summary>
    protected virtual TimeSpan WriteTimeout => TimeSpan.FromSeconds(10);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException($"{Endpoint} is not open.");
        if (_failure is not null)
            throw new TransportException(_failure);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WriteTimeout);
        try
        {
            await stream.WriteAsync(lines, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException($"{Endpoint}: a write did not finish in {WriteTimeout.TotalSeconds:0} s, the link is gone");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(_failure ?? $"{Endpoint}: write failed, the link is gone ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// How many reads to keep posted at once. One for ordinary streams; the serial stream, whose I/O
    /// loop sleeps a millisecond whenever no read is queued, keeps two so that it never idles.
    /// </summary>
    protected virtual int PostedReads => 1;

    public async IAsyncEnumerable<string> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException($"{Endpoint} is not open.");
        var posted = new Queue<(byte[] Buffer, Task<int> Read)>();
        for (var i = 0; i < PostedReads; i++)
        {
            var buffer = new byte[ReadBufferSize];
            posted.Enqueue((buffer, stream.ReadAsync(buffer, cancellationToken).AsTask()));
        }
        var line = new byte[MaxLineLength];
        var lineLength = 0;
        var lines = new List<string>();
        while (true)
        {
            var (buffer, pending) = posted.Dequeue();
            int read;
            try
            {
                read = await pending.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                if (_failure is not null)
                    throw new TransportException(_failure, ex);
                if (_closing)
                    yield break;
                throw new TransportException($"{Endpoint}: the link vanished ({ex.Message})", ex);
            }
            if (read == 0)
            {
                if (_failure is not null)
                    throw new TransportException(_failure);
                if (_closing || cancellationToken.IsCancellationRequested)
                    yield break;
                throw new TransportException($"{Endpoint}: the link closed (end of stream)");
            }
            lines.Clear();
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n')
                {
                    if (lineLength > 0)
                        lines.Add(Decode(line.AsSpan(0, lineLength)));
                    lineLength = 0;
                }
                else if (b != (byte)'\r' && lineLength < MaxLineLength)
                {
                    line[lineLength++] = b;
                }
            }
            // Post the next read before handing lines on, so the driver always has one queued.
            posted.Enqueue((buffer, stream.ReadAsync(buffer, cancellationToken).AsTask()));
            foreach (var text in lines)
                yield return text;
        }
    }

    /// <summary>
    /// Declares the link gone (for example the device node disappeared): the stream is closed and
    /// the reader ends with a <see cref="TransportException"/> carrying <paramref name="reason"/>.
    /// </summary>
    protected void Fail(string reason)
    {
        _failure ??= reason;
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    /// <summary>Turns a received line into text, without allocating for the commonest reply.</summary>
    internal static string Decode(ReadOnlySpan<byte> line)
    {
        if (line.Length == 2 && line[0] == (byte)'o' && line[1] == (byte)'k')
            return "ok";
        if (line.Length == 0)
            return string.Empty;
        return Encoding.Latin1.GetString(line);
    }

    public virtual async ValueTask DisposeAsync()
    {
        _closing = true;
        if (_stream is not null)
        {
            try
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The port may already be gone; closing it cannot fail the caller.
            }
        }
        GC.SuppressFinalize(this);
    }
}
