using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>
/// Wraps a transport and records every line written, and which of them were written after a
/// chosen reply line (for example a fatal error) reached the host.
/// </summary>
internal sealed class RecordingTransport(ILineTransport inner, Func<string, bool> isMarker) : ILineTransport
{
    private volatile bool _markerSeen;

    public ConcurrentQueue<string> Written { get; } = new();
    public ConcurrentQueue<string> WrittenAfterMarker { get; } = new();
    public string Endpoint => inner.Endpoint;

    public ValueTask OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        foreach (var line in Encoding.ASCII.GetString(lines.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Written.Enqueue(line);
            if (_markerSeen)
                WrittenAfterMarker.Enqueue(line);
        }
        return inner.WriteAsync(lines, cancellationToken);
    }

    public async IAsyncEnumerable<string> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in inner.ReadLinesAsync(cancellationToken))
        {
            if (isMarker(line))
                _markerSeen = true;
            yield return line;
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
