using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Daemon.Serve.Auth;
using PrintFarm.Daemon.Serve.Events;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary>
/// <c>GET /api/events</c>: server-sent events (<c>id</c>, <c>event</c>, <c>data</c>), filterable by <c>printerId</c>
/// or <c>jobId</c>, resumable with the <c>Last-Event-ID</c> header (or <c>lastEventId</c> in the query).
/// A comment line every 15 s keeps proxies from closing a quiet stream.
/// </summary>
internal static class EventEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", StreamAsync).WithTags("Events").ExcludeFromDescription();

    private static async Task StreamAsync(HttpContext http, EventHub hub, IFarmReader reader, CancellationToken ct)
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
            var own = (await reader.AllPrintersAsync(new PrinterQuery { Owner = caller.Owner }, ct).ConfigureAwait(false))
                .Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            visible = e => e.PrinterId is null ? e.Type is "ledger" or "design" or "reset" : own.Contains(e.PrinterId);
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = hub.Subscribe(printerId, jobId, lastId, visible);
        var body = http.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes($"retry: 2000\n: connected, last id {hub.LastId}\n\n"), ct).ConfigureAwait(false);
        await body.FlushAsync(ct).ConfigureAwait(false);
        var frame = new MemoryStream();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(KeepAlive);
                bool ready;
                try
                {
                    ready = await subscription.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct).ConfigureAwait(false);
                    await body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }
                if (!ready)
                    break; // Too slow to keep up: closed, so the client reconnects and resumes.
                frame.SetLength(0);
                while (subscription.Reader.TryRead(out var e))
                    Write(frame, e);
                await body.WriteAsync(frame.GetBuffer().AsMemory(0, (int)frame.Length), ct).ConfigureAwait(false);
                await body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    private static void Write(MemoryStream frame, FarmEvent e)
    {
        frame.Write(Encoding.UTF8.GetBytes($"id: {e.Id.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Type}\ndata: "));
        frame.Write(e.Json.Span);
        frame.Write("\n\n"u8);
    }
}
