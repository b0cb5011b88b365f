using System.Net.Sockets;

namespace PrintFarm.Printing.Transports;

/// <summary>A raw TCP link to a serial bridge (ser2net, ESP3D, ESP-Link) or a virtual printer.</summary>
public sealed class TcpTransport : StreamLineTransport
{
    private readonly string _host;
    private readonly int _port;
    private TcpClient? _client;

    public TcpTransport(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public override string Endpoint => $"tcp://{_host}:{_port}";

    protected override async ValueTask<Stream> OpenStreamAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await client.ConnectAsync(_host, _port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new TransportException($"{Endpoint}: cannot connect ({ex.Message})", ex);
        }
        _client = client;
        return client.GetStream();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _client?.Dispose();
    }
}
