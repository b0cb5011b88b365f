namespace PrintFarm.Printing.Transports;

/// <summary>
/// The one seam between a printer session and the wire. A transport carries bytes out and
/// complete lines (without their terminator) back.
/// </summary>
public interface ILineTransport : IAsyncDisposable
{
    /// <summary>Human-readable endpoint, for logs and errors (for example <c>/dev/ttyUSB0@250000</c>).</summary>
    string Endpoint { get; }

    /// <summary>Opens the link. Throws <see cref="TransportException"/> when it cannot.</summary>
    ValueTask OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes one or more complete lines, each ending in <c>\n</c>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);

    /// <summary>
    /// Reads lines until the link closes. A vanished link ends the sequence with a
    /// <see cref="TransportException"/>.
    /// </summary>
    IAsyncEnumerable<string> ReadLinesAsync(CancellationToken cancellationToken);
}
