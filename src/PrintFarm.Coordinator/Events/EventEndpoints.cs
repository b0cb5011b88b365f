using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Events;

/// <summary>
/// <c>GET /api/events</c>: server-sent events (<c>id</c>, <c>event</c>, <c>data</c>), filterable by <c>printerId</c>
/// or <c>jobId</c>, resumable with the <c>Last-Event-ID</c> header (or <c>lastEventId</c> in the query).
/// A comment line every 15 s keeps proxies from closing a quiet stream. Each stream writes what gathered in 50 ms at
/// once, so an event reaches the client within about 50 ms and a busy farm costs a stream 20 writes a second at most.
/// </summary>
internal static class EventEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How long a stream lets events gather before it writes them.</summary>
    internal static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", StreamAsync).WithTags("Events").ExcludeFromDescription();

    private static async Task StreamAsync(HttpContext http, EventHub hub, PrinterDirectory printers, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var printerId = caller.PrinterId ?? Query.Text(http.Request, "printerId");
        long? jobId = Query.Text(http.Request, "jobId") is { } j
            ? long.TryParse(j, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new PrintFarm.Farm.FarmValidationException($"jobId \"{j}\" is not a job id")
            : null;
        var last = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : Query.Text(http.Request, "lastEventId");
        long? lastId = last is not null && long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;

        Func<FarmEvent, bool>? visible = null;
        if (caller.Role == ApiRole.Maker)
        {
            var own = (await printers.AllAsync(new PrinterQuery { Owner = caller.Owner }, ct).ConfigureAwait(false))
                .Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            visible = e => e.PrinterId is null ? e.Type is "ledger" or "design" or "reset" : own.Contains(e.PrinterId);
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = hub.Subscribe(printerId, jobId, lastId, visible);
        var body = http.Response.BodyWriter;
        body.Write(Encoding.UTF8.GetBytes($"retry: 2000\n: connected, last id {subscription.Position}\n\n"));
        var write = new Action<FarmEvent>(e => body.Write(e.Frame.Span));
        try
        {
            await body.FlushAsync(ct).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                if (!await subscription.WaitAsync(KeepAlive, time, ct).ConfigureAwait(false))
                {
                    body.Write(": keep-alive\n\n"u8);
                    await body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }
                // Let a burst gather, so a busy farm costs each stream a few writes a second, not one per event.
                await Task.Delay(Gather, time, ct).ConfigureAwait(false);
                if (subscription.Drain(write) == 0)
                    continue;
                var flushed = await body.FlushAsync(ct).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
