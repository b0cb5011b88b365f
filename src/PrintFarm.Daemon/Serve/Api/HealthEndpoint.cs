using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary><c>/healthz</c>, without a key: 200 when the store answers (and the broker, once there is one), else 503 saying what failed.</summary>
internal static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", CheckAsync).AllowAnonymous().WithTags("Operations").WithSummary("Store and broker health");

    private static async Task<IResult> CheckAsync(IFarmStore store, CancellationToken ct)
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
        var healthy = storeStatus == "ok";
        var body = new HealthReply(healthy ? "healthy" : "unhealthy", storeStatus, store.Description, "not configured");
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthReply(string Status, string Store, string StoreDescription, string Broker);
