using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm;
using PrintFarm.Farm.Invitations;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Invitations;

/// <summary>
/// Joining by invitation, without a key (rate-limited per address): check a code, then use it once with a display
/// name and the terms accepted, for a maker key bound to the invitation's node. An unknown code is 404; a used,
/// expired or withdrawn one is 410, saying which and nothing else (not its node, not who used it).
/// </summary>
internal static class JoinEndpoints
{
    /// <summary>The largest body <c>POST /api/join</c> reads.</summary>
    public const long MaxBodyBytes = 4096;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/join").WithTags("Invitations").AllowAnonymous();
        group.MapGet("/{code}", CheckAsync).RequireRateLimiting(InvitationSetup.CheckPolicy)
            .WithSummary("Whether a code can be used: its node's name and the farm's terms; 404 unknown, 410 used, expired or revoked");
        group.MapPost("/", JoinAsync).RequireRateLimiting(InvitationSetup.JoinPolicy).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Use an invitation ({code, displayName, acceptTerms: true}): a maker key bound to its node, shown once");
    }

    private static async Task<IResult> CheckAsync(string code, InvitationBook book, IFarmReader reader, ServeOptions options, CancellationToken ct)
    {
        Invitation invitation;
        try
        {
            invitation = await book.CheckAsync(code, ct).ConfigureAwait(false);
        }
        catch (InvitationRefusedException e)
        {
            return Refused(e);
        }
        var nodeName = await NodeNames.NameOfAsync(reader, invitation.Node, ct).ConfigureAwait(false);
        return Results.Ok(new JoinCheck(true, invitation.Node, nodeName, invitation.ExpiresAt, options.Join.Terms, options.Join.TermsUrl));
    }

    private static async Task<IResult> JoinAsync(JoinRequest? body, InvitationBook book, IFarmReader reader, ServeOptions options, CancellationToken ct)
    {
        if (body is null)
            throw new FarmValidationException("send {\"code\": \"K7QM-4TXP\", \"displayName\": \"...\", \"acceptTerms\": true}");
        if (string.IsNullOrWhiteSpace(body.Code))
            throw new FarmValidationException("code: the invitation's code, as printed (K7QM-4TXP)");
        if (body.AcceptTerms != true)
            throw new FarmValidationException("acceptTerms: the farm's terms must be accepted to join (GET /api/join/{code} has them)");
        Joined joined;
        try
        {
            joined = await book.JoinAsync(body.Code, body.DisplayName, ct).ConfigureAwait(false);
        }
        catch (InvitationRefusedException e)
        {
            return Refused(e);
        }
        var node = joined.Invitation.Node;
        var nodeName = await NodeNames.NameOfAsync(reader, node, ct).ConfigureAwait(false);
        var key = joined.Key;
        var dashboard = new Uri(options.PublicBase, $"/#key={key.Secret}").ToString();
        return Results.Created("/api/me", new JoinedView(key.Secret, key.Key.Id, key.Key.Name, key.Key.Owner!, node, nodeName, dashboard,
            new JoinNext("/api/printer-presets", "/api/printers", "/api/me/agent-config")));
    }

    private static IResult Refused(InvitationRefusedException e) =>
        Results.Problem(statusCode: e.State is null ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone,
            title: e.State is null ? "Unknown invitation" : "Invitation no longer valid", detail: e.Message);
}
