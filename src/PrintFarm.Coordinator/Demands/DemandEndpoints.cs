using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Nodes;
using PrintFarm.Coordinator.Requesters;
using PrintFarm.Farm;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Forecasting;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Demands;

/// <summary><c>/api/demands</c>: what hospitals, social services and care homes asked for.</summary>
internal static class DemandEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/demands").WithTags("Demands");
        group.MapGet("/", ListAsync).WithSummary("Demands, filtered by requester, node, design or state");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One demand");
        group.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Enter a demand (staff)");
        group.MapPatch("/{id:long}", ChangeAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Change quantity or priority (staff)");
        group.MapDelete("/{id:long}", CancelAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Cancel a demand (staff); what was delivered stays delivered");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFarmReader reader, DemandForecast forecast, CancellationToken ct)
    {
        var paging = PageRequest.From(http.Request);
        var page = await reader.ListDemandsAsync(new DemandQuery
        {
            Requester = Query.Text(http.Request, "requester"),
            Node = Query.Text(http.Request, "node"),
            DesignId = Query.Text(http.Request, "designId"),
            State = Query.Enum<DemandState>(http.Request, "state"),
            Limit = paging.Limit,
            Offset = paging.Offset,
        }, ct).ConfigureAwait(false);
        var lines = await forecast.GetAsync(ct).ConfigureAwait(false);
        return Results.Ok(new ListResult<DemandView>(page.Items.Select(d => DemandView.From(d, lines.GetValueOrDefault(d.Key))).ToList(), page.Total));
    }

    private static async Task<IResult> GetAsync(long id, IFarmReader reader, DemandForecast forecast, CancellationToken ct)
    {
        var demand = await reader.GetDemandAsync(id, ct).ConfigureAwait(false) ?? throw new FarmNotFoundException($"unknown demand {id}");
        var lines = await forecast.GetAsync(ct).ConfigureAwait(false);
        return Results.Ok(DemandView.From(demand, lines.GetValueOrDefault(demand.Key)));
    }

    private static async Task<IResult> CreateAsync(NewDemandRequest body, HttpContext http, DemandBook demands, IFarmReader reader, CancellationToken ct)
    {
        await KnownNodes.RequireAsync(reader, body.Node, ct).ConfigureAwait(false);
        var requester = await KnownRequesters.RequireAsync(reader, body.Requester, ct).ConfigureAwait(false);
        var demand = await demands.CreateAsync(new DemandRequest
        {
            Requester = body.Requester,
            RequesterKind = KnownRequesters.KindFor(requester, body.RequesterKind),
            DesignId = body.DesignId,
            Quantity = body.Quantity,
            Priority = body.Priority,
            NeededBy = body.NeededBy,
            Node = body.Node,
        }, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Created($"/api/demands/{demand.Id}", DemandView.From(demand));
    }

    private static async Task<IResult> ChangeAsync(long id, DemandPatch body, HttpContext http, DemandBook demands, CancellationToken ct)
    {
        var demand = await demands.ChangeAsync(id, new DemandChange { Quantity = body.Quantity, Priority = body.Priority, NeededBy = body.NeededBy }, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(DemandView.From(demand));
    }

    private static async Task<IResult> CancelAsync(long id, HttpContext http, DemandBook demands, CancellationToken ct)
    {
        var demand = await demands.CancelAsync(id, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(DemandView.From(demand));
    }

}

public sealed record NewDemandRequest
{
    public required string Requester { get; init; }

    /// <summary>The requester's own kind when unset; a created requester's demands may carry no other.</summary>
    public RequesterKind? RequesterKind { get; init; }

    public required string DesignId { get; init; }

    public required int Quantity { get; init; }

    public int Priority { get; init; }

    public DateTimeOffset? NeededBy { get; init; }

    public required string Node { get; init; }
}

public sealed record DemandPatch
{
    public int? Quantity { get; init; }

    public int? Priority { get; init; }

    public DateTimeOffset? NeededBy { get; init; }
}

/// <summary>
/// A demand. <see cref="Progress"/> is its ledger line's (design, requester, node) state and forecast: parts still
/// needed, in progress (planned or printing), printed but not delivered, delivered, the projected completion and whether
/// it will miss its needed-by. It is null in the replies to writes and for a demand that is no longer open.
/// </summary>
public sealed record DemandView(long Id, string Requester, RequesterKind RequesterKind, string DesignId, int Quantity, int Priority,
    DateTimeOffset? NeededBy, string Node, DemandState State, int Delivered, DateTimeOffset CreatedAt, DemandProgress? Progress = null)
{
    public static DemandView From(DemandRecord d) => From(d, null);

    public static DemandView From(DemandRecord d, LineForecast? line)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new DemandView(d.Id, d.Requester, d.RequesterKind, d.DesignId, d.Quantity, d.Priority, d.NeededBy, d.Node, d.State, d.Delivered, d.CreatedAt,
            line is null || d.State != DemandState.Open ? null : DemandProgress.From(line));
    }
}

/// <summary>One ledger line's progress and forecast, as shown on a demand and in the requester view.</summary>
public sealed record DemandProgress(long StillNeeded, long InProgress, long Printed, long Delivered, DateTimeOffset? Eta, bool WillMissNeededBy)
{
    public static DemandProgress From(LineForecast line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new DemandProgress(line.StillNeeded, line.InProgress, line.Printed, line.Counts.Delivered, line.Eta, line.WillMiss);
    }
}
