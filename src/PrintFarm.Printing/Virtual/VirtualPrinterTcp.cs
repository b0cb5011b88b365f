using System.Net;
using System.Net.Sockets;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Serves a <see cref="VirtualPrinter"/> on 127.0.0.1, as a ser2net or ESP3D bridge would: one client
/// at a time. A client that connects while another is served is closed, unless the other leaves within
/// a second (a host closing and reopening). A simulated disconnect closes the client and stops
/// listening, so that the printer is gone.
/// </summary>
public sealed class VirtualPrinterTcp : IDisposable
{
    private static readonly TimeSpan HandOverGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendGiveUp = TimeSpan.FromSeconds(5);
    private readonly TcpListener _listener;
    private long _rejected;

    private VirtualPrinterTcp(VirtualPrinter printer, TcpListener listener)
    {
        Printer = printer;
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public VirtualPrinter Printer { get; }

    /// <summary>The bound port (the one picked when 0 was asked for).</summary>
    public int Port { get; }

    /// <summary>Clients closed because another one was being served.</summary>
    public long RejectedClients => Interlocked.Read(ref _rejected);

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/>; 0 picks a free port.</summary>
    public static VirtualPrinterTcp Start(VirtualPrinter printer, int port)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new VirtualPrinterTcp(printer, listener);
    }

    /// <summary>Accepts and serves clients until cancelled or until the printer simulates a disconnect.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = Task.CompletedTask;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                if (!serving.IsCompleted)
                    await Task.WhenAny(serving, Task.Delay(HandOverGrace, stop.Token)).ConfigureAwait(false);
                if (!serving.IsCompleted)
                {
                    Interlocked.Increment(ref _rejected);
                    client.Dispose();
                    continue;
                }
                serving = ServeAsync(client, stop);
            }
        }
        finally
        {
            _listener.Stop();
            await serving.ConfigureAwait(false);
        }
    }

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(Socket client, CancellationTokenSource stop)
    {
        client.NoDelay = true;
        client.SendTimeout = (int)SendGiveUp.TotalMilliseconds;
        var stream = new NetworkStream(client, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
            await Printer.RunAsync(stream, stop.Token).ConfigureAwait(false);
        if (Printer.Stats.Disconnected)
            await stop.CancelAsync().ConfigureAwait(false);
    }
}
