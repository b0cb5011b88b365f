using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Requesters;

namespace PrintFarm.Coordinator.Requesters;

/// <summary><c>/api/requesters</c>: the hospitals, care homes and social services that demands may name.</summary>
internal static class RequesterEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/requesters").WithTags("Requesters");
        group.MapGet("/", ListAsync).WithSummary("Requesters: name, kind, open demands and the parts requested and delivered");
        group.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Create a requester: {name, kind} (staff)");
    }

    private static async Task<IResult> ListAsync(IFarmReader reader, CancellationToken ct)
    {
        var open = await reader.CountOpenDemandsByRequesterAsync(ct).ConfigureAwait(false);
        var parts = (await reader.ListLedgerAsync(new LedgerQuery(), ct).ConfigureAwait(false))
            .Where(r => !r.Key.IsStock).ToLookup(r => r.Key.Requester, StringComparer.Ordinal);
        var requesters = (await reader.ListRequestersAsync(ct).ConfigureAwait(false))
            .Select(r => new RequesterView(r.Name, r.Kind, open.GetValueOrDefault(r.Name), parts[r.Name].Sum(l => l.Counts.Requested), parts[r.Name].Sum(l => l.Counts.Delivered)))
            .ToList();
        return Results.Ok(new ListResult<RequesterView>(requesters, requesters.Count));
    }

    /// <summary>Creates a requester, or lists one that demands already name; one created before is a 409.</summary>
    private static async Task<IResult> CreateAsync(NewRequesterRequest body, HttpContext http, RequesterBook book, CancellationToken ct)
    {
        var requester = await book.CreateAsync(body.Name, body.Kind, Caller.From(http).Actor, cancellationToken: ct).ConfigureAwait(false);
        return Results.Created("/api/requesters", new RequesterView(requester.Name, requester.Kind, 0, 0, 0));
    }
}

/// <summary>A requester: its name (what demands carry), its kind, its open demands, and the parts it requested and was delivered.</summary>
public sealed record RequesterView(string Name, RequesterKind Kind, long OpenDemands, long Requested, long Delivered);

public sealed record NewRequesterRequest
{
    /// <summary>What people and demands call it ("Hospital Clínic").</summary>
    public required string Name { get; init; }

    /// <summary><c>hospital</c>, <c>social-service</c>, <c>care-home</c> or <c>other</c>.</summary>
    public RequesterKind? Kind { get; init; }
}
