using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using PrintFarm.Coordinator.Webhooks;

namespace PrintFarm.Coordinator.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on loopback (HttpListener): records every request it takes, and answers 500 to the first
/// <see cref="FailFirst"/> requests, or to all while <see cref="Down"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public WebhookReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public int FailFirst { get; set; }

    private volatile bool _down;

    public bool Down { get => _down; set => _down = value; }

    /// <summary>Every request answered 2xx, in the order they arrived.</summary>
    public ConcurrentQueue<Received> Taken { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    private async Task LoopAsync()
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
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var n = Interlocked.Increment(ref _requests);
            var fail = Down || n <= FailFirst;
            if (!fail)
            {
                Taken.Enqueue(new Received(body, context.Request.Headers[WebhookSignature.Header], context.Request.Headers[WebhookSignature.EventIdHeader],
                    context.Request.Headers[WebhookSignature.EventKindHeader], context.Request.Headers[WebhookSignature.TimestampHeader]));
            }
            context.Response.StatusCode = fail ? 500 : 204;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    public sealed record Received(string Body, string? Signature, string? EventId, string? Kind, string? Timestamp)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string? PrinterId => Json.GetProperty("data").TryGetProperty("printerId", out var p) ? p.GetString()
            : Json.GetProperty("kind").GetString()!.StartsWith("printer.", StringComparison.Ordinal) ? Json.GetProperty("data").GetProperty("id").GetString() : null;
    }
}
