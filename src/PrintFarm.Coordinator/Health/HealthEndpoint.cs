using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Health;

/// <summary>
/// <c>/healthz</c>: 200 when the store answers and takes writes and the embedded broker listens (or an external broker is
/// configured, or MQTT is off), else 503. Without a key the answer is only <c>{"status":"ok"}</c> or
/// <c>{"status":"unhealthy"}</c>; with any key it also says what failed, where the store is and how many broker clients
/// there are. After a write failed, the store counts as healthy again only once a probe write goes through.
/// </summary>
internal static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", CheckAsync).AllowAnonymous().WithTags("Operations").WithSummary("Store and broker health (details with a key)");

    private static async Task<IResult> CheckAsync(HttpContext http, IFarmStore store, IBrokerHealth broker, StoreWrites writes, TimeProvider time, CancellationToken ct)
    {
        string storeStatus;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var version = await store.GetSchemaVersionAsync(timeout.Token).ConfigureAwait(false);
            storeStatus = version > 0 ? "ok" : "not migrated";
            if (storeStatus == "ok" && writes.Failing is not null)
            {
                await using var transaction = await store.BeginAsync(timeout.Token).ConfigureAwait(false);
                await transaction.ProbeWriteAsync(time.GetUtcNow(), timeout.Token).ConfigureAwait(false);
                await transaction.CommitAsync(timeout.Token).ConfigureAwait(false);
                writes.Succeeded();
            }
        }
#pragma warning disable CA1031 // Any failure of the store is reported, not thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            writes.Failed(ex);
            storeStatus = $"failing: writes are not stored ({ex.GetType().Name})";
        }
        var healthy = storeStatus == "ok" && broker.Healthy;
        var status = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (http.User.Identity?.IsAuthenticated != true)
            return Results.Json(new AnonymousHealthReply(healthy ? "ok" : "unhealthy"), statusCode: status);
        var body = new HealthReply(healthy ? "healthy" : "unhealthy", storeStatus, store.Description, broker.Describe(), broker.Clients);
        return Results.Json(body, statusCode: status);
    }
}

/// <summary>What <c>/healthz</c> tells a caller without a key: <c>ok</c> or <c>unhealthy</c>, nothing more.</summary>
public sealed record AnonymousHealthReply(string Status);

/// <summary>
/// <c>Broker</c>: <c>ok</c> (the embedded broker listens), <c>external: host:port</c>, <c>disabled</c>, <c>starting</c> or
/// <c>failing: why</c>. <c>BrokerClients</c>: clients on the embedded broker, the coordinator's own included.
/// </summary>
public sealed record HealthReply(string Status, string Store, string StoreDescription, string Broker, int? BrokerClients = null);
