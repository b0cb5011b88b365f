using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PrintFarm.Dashboard.Tests.Support;

/// <summary>
/// A TCP relay between the browser and the daemon that a test can cut, as a lab's Wi-Fi drops: <see cref="Cut"/> closes
/// every open connection, and while <see cref="Refusing"/> new ones are closed at once. It keeps the start of each
/// request it relays, so a test can see what the page sent when it came back (its <c>Last-Event-ID</c>).
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Server)> _open = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public CuttableProxy(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>While true, a new connection is closed as soon as it is accepted.</summary>
    public bool Refusing { get; set; }

    /// <summary>The first bytes of every request relayed so far, as text (request line and headers).</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>Closes every open connection at once, in both directions.</summary>
    public void Cut()
    {
        foreach (var (id, pair) in _open)
        {
            pair.Client.Client.LingerState = new LingerOption(true, 0); // a reset, as a dropped link
            pair.Client.Dispose();
            pair.Server.Dispose();
            _open.TryRemove(id, out _);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (Refusing)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var id = Interlocked.Increment(ref _next);
        var server = new TcpClient();
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await server.ConnectAsync(_target, connect.Token).ConfigureAwait(false);
            _open[id] = (client, server);
            var up = PumpAsync(client.GetStream(), server.GetStream(), record: true);
            var down = PumpAsync(server.GetStream(), client.GetStream(), record: false);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // a cut, or the end of the test
        }
        finally
        {
            _open.TryRemove(id, out _);
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool record)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            for (;;)
            {
                var read = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                    return;
                if (record && buffer.AsSpan(0, read).IndexOf("HTTP/1."u8) >= 0)
                    _requests.Enqueue(Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 4096)));
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the other side went, or the relay was cut
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}
