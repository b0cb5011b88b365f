using System.Net;
using System.Net.Sockets;

namespace PrintFarm.Agent.Tests.Support;

/// <summary>
/// A stand-in for the coordinator's file download on the base runtime's <see cref="HttpListener"/> (no ASP.NET here):
/// <c>GET /api/agent-files/{name}</c> from one folder, only with the right <c>X-Api-Key</c>.
/// </summary>
internal sealed class PlainFileServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly string _key;
    private readonly Task _serving;
    private int _downloads;

    private PlainFileServer(string folder, string key, int port)
    {
        _folder = folder;
        _key = key;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public int Downloads => Volatile.Read(ref _downloads);

    public static PlainFileServer Start(string folder, string key) => new(folder, key, FreePort());

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var response = context.Response;
            var name = Path.GetFileName(context.Request.Url!.AbsolutePath);
            var path = Path.Combine(_folder, name);
            if (context.Request.Headers["X-Api-Key"] != _key)
                response.StatusCode = 401;
            else if (!context.Request.Url.AbsolutePath.StartsWith("/api/agent-files/", StringComparison.Ordinal) || !File.Exists(path))
                response.StatusCode = 404;
            else
            {
                Interlocked.Increment(ref _downloads);
                response.ContentType = "text/x-gcode";
                await using var file = File.OpenRead(path);
                response.ContentLength64 = file.Length;
                await file.CopyToAsync(response.OutputStream);
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
