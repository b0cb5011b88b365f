using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Nodes;
using PrintFarm.Farm;
using PrintFarm.Farm.Invitations;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Invitations;

/// <summary>
/// <c>/api/invitations</c> (staff): make invitations singly or in batches for a collection node, list them, and revoke
/// them singly or by batch. Codes exist only in the answer that makes them (JSON, or with <c>?format=html</c> the
/// printable sheet): the store keeps a hash, so a lost sheet is revoked and made again, never printed twice.
/// </summary>
internal static class InvitationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Invitations").RequireAuthorization(AuthSetup.Staff);
        group.MapPost("/", CreateAsync)
            .WithSummary("Make invitations ({node, count?, expiresInHours?, batch?, note?}); codes and links only in this answer; ?format=html gives the printable sheet");
        group.MapGet("/", ListAsync).WithSummary("Invitations, newest first, by state (open, used, expired, revoked), node or batch; never their codes");
        group.MapDelete("/{id:long}", RevokeAsync).WithSummary("Revoke one open invitation");
        group.MapPost("/revoke", RevokeBatchAsync).WithSummary("Revoke every open invitation of a batch ({batch})");
    }

    private static async Task<IResult> CreateAsync(NewInvitationsRequest body, HttpContext http, InvitationBook book, IFarmReader reader, ServeOptions options,
        CancellationToken ct)
    {
        var node = body.Node?.Trim();
        if (string.IsNullOrEmpty(node))
            throw new FarmValidationException("node: the collection node the invited makers deliver to");
        await KnownNodes.RequireAsync(reader, node, ct).ConfigureAwait(false);
        var hours = body.ExpiresInHours ?? NewInvitations.DefaultLifetime.TotalHours;
        if (!double.IsFinite(hours))
            throw new FarmValidationException("expiresInHours: a number of hours");
        var format = Query.Text(http.Request, "format") ?? "json";
        if (format is not ("json" or "html"))
            throw new FarmValidationException($"format: json or html, not \"{TextRules.Printable(format)}\"");
        var issued = await book.CreateAsync(new NewInvitations
        {
            Node = node, Count = body.Count ?? 1, Lifetime = TimeSpan.FromHours(hours), Batch = body.Batch, Note = body.Note,
        }, Caller.From(http).Actor, ct).ConfigureAwait(false);
        var nodeName = await NodeNames.NameOfAsync(reader, node, ct).ConfigureAwait(false);
        var views = issued.Select(i => new IssuedInvitationView(i.Invitation.Id, i.Code, JoinLink(options, i.Code), i.Invitation.ExpiresAt)).ToList();
        var first = issued[0].Invitation;
        if (format == "html")
        {
            http.Response.Headers.ContentSecurityPolicy = InvitationSheet.ContentSecurityPolicy;
            return Results.Content(InvitationSheet.Render(nodeName, first.Batch, first.ExpiresAt, views), "text/html; charset=utf-8", statusCode: StatusCodes.Status201Created);
        }
        return Results.Created($"/api/invitations?batch={Uri.EscapeDataString(first.Batch ?? "")}",
            new InvitationsCreated(views.Count, node, nodeName, first.Batch, first.ExpiresAt, views));
    }

    private static async Task<IResult> ListAsync(HttpContext http, InvitationBook book, CancellationToken ct)
    {
        var paging = PageRequest.From(http.Request);
        var page = await book.ListAsync(new InvitationQuery
        {
            State = Query.Enum<InvitationState>(http.Request, "state"),
            Node = Query.Text(http.Request, "node"),
            Batch = Query.Text(http.Request, "batch"),
            Limit = paging.Limit,
            Offset = paging.Offset,
        }, ct).ConfigureAwait(false);
        var now = book.Now;
        return Results.Ok(new ListResult<InvitationView>(page.Items.Select(i => InvitationView.From(i, now)).ToList(), page.Total));
    }

    private static async Task<IResult> RevokeAsync(long id, HttpContext http, InvitationBook book, CancellationToken ct)
    {
        var revoked = await book.RevokeAsync(id, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(InvitationView.From(revoked, book.Now));
    }

    private static async Task<IResult> RevokeBatchAsync(RevokeBatchRequest body, HttpContext http, InvitationBook book, CancellationToken ct)
    {
        var count = await book.RevokeBatchAsync(body.Batch ?? "", Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(new { batch = body.Batch?.Trim(), revoked = count });
    }

    /// <summary><c>{publicUrl}/join?code=K7QM-4TXP</c>: the dashboard's join page, the code filled in.</summary>
    public static string JoinLink(ServeOptions options, string code) => new Uri(options.PublicBase, $"/join?code={Uri.EscapeDataString(code)}").ToString();
}

/// <summary>A node's name for people, or its id when it was never given one.</summary>
internal static class NodeNames
{
    public static async Task<string> NameOfAsync(IFarmReader reader, string node, CancellationToken ct)
    {
        var nodes = await reader.ListNodesAsync(ct).ConfigureAwait(false);
        return nodes.FirstOrDefault(n => n.Id == node)?.Name ?? node;
    }
}
