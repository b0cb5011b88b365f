using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Daemon.Mqtt.Broker;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary>
/// <c>/healthz</c>, without a key: 200 when the store answers and the embedded broker listens (or an external broker is
/// configured, or MQTT is off), else 503 saying what failed.
/// </summary>
internal static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", CheckAsync).AllowAnonymous().WithTags("Operations").WithSummary("Store and broker health");

    private static async Task<IResult> CheckAsync(IFarmStore store, BrokerStatus broker, CancellationToken ct)
    {
        string storeStatus;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var version = await store.GetSchemaVersionAsync(timeout.Token).ConfigureAwait(false);
            storeStatus = version > 0 ? "ok" : "not migrated";
        }
#pragma warning disable CA1031 // Any failure of the store is reported, not thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            storeStatus = $"failing: {ex.Message}";
        }
        var healthy = storeStatus == "ok" && broker.Healthy;
        var body = new HealthReply(healthy ? "healthy" : "unhealthy", storeStatus, store.Description, broker.Describe(),
            broker.Mode == BrokerMode.Embedded ? broker.ClientsConnected : null);
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>
/// <c>Broker</c>: <c>ok</c> (the embedded broker listens), <c>external: host:port</c>, <c>disabled</c>, <c>starting</c> or
/// <c>failing: why</c>. <c>BrokerClients</c>: clients on the embedded broker, the coordinator's own included.
/// </summary>
public sealed record HealthReply(string Status, string Store, string StoreDescription, string Broker, int? BrokerClients = null);
