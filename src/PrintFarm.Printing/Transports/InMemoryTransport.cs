namespace PrintFarm.Printing.Transports;

/// <summary>A transport over one end of an <see cref="InMemoryWire"/>, for tests and in-process printers.</summary>
public sealed class InMemoryTransport : StreamLineTransport
{
    private readonly Stream _stream;

    public InMemoryTransport(Stream hostEnd, string endpoint = "memory")
    {
        _stream = hostEnd;
        Endpoint = endpoint;
    }

    public override string Endpoint { get; }

    protected override ValueTask<Stream> OpenStreamAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_stream);
}
