using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Requesters;
using PrintFarm.Farm;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Nodes;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Nodes;

/// <summary>
/// <c>/api/nodes</c>: the collection points. Parts are collected from makers, quality-checked (passed or
/// rejected), and delivered to the requester. Each step moves the ledger and is audited.
/// </summary>
internal static class NodeEndpoints
{
    private static readonly string[] Steps = ["collected", "passed", "rejected", "delivered"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/nodes").WithTags("Nodes");
        group.MapGet("/", ListAsync).WithSummary("Nodes, with their names and ledger lines");
        group.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Create a collection node: {id, name} (staff)");
        group.MapPost("/{node}/{step}", RecordAsync).RequireAuthorization(AuthSetup.Staff)
            .WithSummary("Record parts collected, passed, rejected or delivered at a node: {designId, requester, count}");
    }

    private static async Task<IResult> ListAsync(IFarmReader reader, CancellationToken ct)
    {
        var rows = (await reader.ListLedgerAsync(new LedgerQuery(), ct).ConfigureAwait(false)).ToLookup(r => r.Key.Node, StringComparer.Ordinal);
        var names = (await reader.ListNodesAsync(ct).ConfigureAwait(false)).ToDictionary(n => n.Id, n => n.Name, StringComparer.Ordinal);
        // Every known node, also one that was created or that printers deliver to but that has no parts yet.
        var nodes = (await reader.ListNodeIdsInUseAsync(ct).ConfigureAwait(false))
            .Select(node => new NodeView(node, rows[node].Select(r => new NodeLine(r.Key.DesignId, r.Key.IsStock ? "stock" : r.Key.Requester,
                r.Counts.Printed, r.Counts.Collected, r.Counts.Passed, r.Counts.Rejected, r.Counts.Delivered)).ToList(), names.GetValueOrDefault(node, node)))
            .ToList();
        return Results.Ok(new ListResult<NodeView>(nodes, nodes.Count));
    }

    /// <summary>Creates a node, or names one that printers already deliver to; a node created before is a 409.</summary>
    private static async Task<IResult> CreateAsync(NewNodeRequest body, HttpContext http, NodeBook book, CancellationToken ct)
    {
        var node = await book.CreateAsync(body.Id, body.Name ?? "", Caller.From(http).Actor, cancellationToken: ct).ConfigureAwait(false);
        return Results.Created("/api/nodes", new NodeView(node.Id, [], node.Name));
    }

    private static async Task<IResult> RecordAsync(string node, string step, NodeStepRequest body, HttpContext http, PartFlow parts, IFarmReader reader, CancellationToken ct)
    {
        if (!Steps.Contains(step))
            throw new FarmNotFoundException($"unknown step \"{step}\"; use collected, passed, rejected or delivered");
        await KnownRequesters.RequireAsync(reader, body.Requester, ct).ConfigureAwait(false);
        var key = new LedgerKey(body.DesignId, body.Requester == "stock" ? LedgerKey.Stock : body.Requester, node);
        var actor = Caller.From(http).Actor;
        var counts = step switch
        {
            "collected" => await parts.CollectAsync(key, body.Count, actor, ct).ConfigureAwait(false),
            "passed" => await parts.PassAsync(key, body.Count, actor, ct).ConfigureAwait(false),
            "rejected" => await parts.RejectAsync(key, body.Count, actor, body.Reason, ct).ConfigureAwait(false),
            _ => await parts.DeliverAsync(key, body.Count, actor, ct).ConfigureAwait(false),
        };
        return Results.Ok(new NodeLine(body.DesignId, body.Requester, counts.Printed, counts.Collected, counts.Passed, counts.Rejected, counts.Delivered));
    }
}

public sealed record NodeStepRequest
{
    public required string DesignId { get; init; }

    /// <summary>The requester the parts are for; <c>stock</c> for parts nobody asked for yet.</summary>
    public required string Requester { get; init; }

    public required int Count { get; init; }

    /// <summary>For <c>rejected</c>: why the parts failed the check (warped, stringing, wrong size); kept in the audit log.</summary>
    public string? Reason { get; init; }
}

public sealed record NodeLine(string DesignId, string Requester, long Printed, long Collected, long Passed, long Rejected, long Delivered);

/// <summary>A node: its id (<c>node</c>), the name people know it by, and its ledger lines.</summary>
public sealed record NodeView(string Node, IReadOnlyList<NodeLine> Lines, string Name);

public sealed record NewNodeRequest
{
    public required string Id { get; init; }

    /// <summary>What people call it ("Ateneu de Fabricació de Gràcia"); the id when unset.</summary>
    public string? Name { get; init; }
}
