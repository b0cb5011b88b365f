using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// The receiving end of the <c>webhooks</c> suite: Kestrel on loopback in the benchmark process, answering 204 at
/// <c>/hook/{n}</c> and writing down, per webhook, each event id once and its lag from the body's <c>at</c> to arrival.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(int Hook, string EventId), byte> _seen = new();
    private readonly Lock _gate = new();
    private readonly List<double> _lagMs = [];
    private long _posts;
    private long _duplicates;
    private long _windowStartMs = long.MaxValue;
    private long _windowEndMs = long.MaxValue;
    private long _inWindow;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Address { get; private set; } = null!;

    public long Posts => Interlocked.Read(ref _posts);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Distinct (webhook, event) pairs received.</summary>
    public long Unique => _seen.Count;

    /// <summary>Deliveries that arrived inside the window.</summary>
    public long ArrivedInWindow => Interlocked.Read(ref _inWindow);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook/{n:int}", receiver.TakeAsync);
        await app.StartAsync();
        receiver.Address = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>Only events whose <c>at</c> falls in the window count towards the lag; deliveries/s counts arrivals in it.</summary>
    public void SetWindow(DateTimeOffset start, DateTimeOffset end)
    {
        Interlocked.Exchange(ref _windowStartMs, start.ToUnixTimeMilliseconds());
        Interlocked.Exchange(ref _windowEndMs, end.ToUnixTimeMilliseconds());
    }

    /// <summary>Lags (ms) of the events in the window, sorted.</summary>
    public double[] Lags()
    {
        lock (_gate)
            return [.. _lagMs.Order()];
    }

    private async Task<IResult> TakeAsync(int n, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var arrived = DateTimeOffset.UtcNow;
        Interlocked.Increment(ref _posts);
        var id = body.RootElement.GetProperty("id").GetString()!;
        var at = body.RootElement.GetProperty("at").GetDateTimeOffset();
        if (!_seen.TryAdd((n, id), 0))
        {
            Interlocked.Increment(ref _duplicates);
            return Microsoft.AspNetCore.Http.Results.NoContent();
        }
        var arrivedMs = arrived.ToUnixTimeMilliseconds();
        if (arrivedMs >= Interlocked.Read(ref _windowStartMs) && arrivedMs < Interlocked.Read(ref _windowEndMs))
            Interlocked.Increment(ref _inWindow);
        var atMs = at.ToUnixTimeMilliseconds();
        if (atMs >= Interlocked.Read(ref _windowStartMs) && atMs < Interlocked.Read(ref _windowEndMs))
        {
            lock (_gate)
                _lagMs.Add((arrived - at).TotalMilliseconds);
        }
        return Microsoft.AspNetCore.Http.Results.NoContent();
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>A receiver that is down the worst way: it accepts connections and never answers, so each attempt waits out its timeout.</summary>
internal sealed class SilentReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SilentReceiver()
    {
        _listener.Start(1024);
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri Address { get; }

    public int Connections
    {
        get
        {
            lock (_held)
                return _held.Count;
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_held)
                    _held.Add(socket);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.WaitAsync(TimeSpan.FromSeconds(5));
        lock (_held)
        {
            foreach (var s in _held)
                s.Dispose();
        }
        _stop.Dispose();
    }
}
