using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.AppKeys;

/// <summary>
/// OctoPrint's Application Keys flow, for Cura, OctoPrint apps and Home Assistant: the application asks without a key
/// (<c>/plugin/appkeys/*</c>, rate-limited per address) and polls; staff approve or deny it (<c>/api/appkeys</c>),
/// choosing the key's role and scope. The key is an ordinary API key, listed and revoked like any other.
/// </summary>
internal static class AppKeyEndpoints
{
    /// <summary>The largest request body the anonymous routes read.</summary>
    public const long MaxBodyBytes = 4096;

    public static void Map(IEndpointRouteBuilder app)
    {
        var plugin = app.MapGroup("/plugin/appkeys").WithTags("Application keys").AllowAnonymous();
        plugin.MapGet("/probe", () => Results.NoContent()).RequireRateLimiting(AppKeySetup.PollPolicy)
            .WithSummary("204: this server takes application key requests");
        plugin.MapPost("/request", RequestAsync).RequireRateLimiting(AppKeySetup.RequestPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("An application asks for a key ({app, user?}); 201 with app_token, and where to poll in Location");
        plugin.MapGet("/request/{appToken}", Poll).RequireRateLimiting(AppKeySetup.PollPolicy)
            .WithSummary("202 while staff decide, 200 {api_key} once approved (only once), 404 when denied or expired");

        var staff = app.MapGroup("/api/appkeys").WithTags("Application keys").RequireAuthorization(AuthSetup.Staff);
        staff.MapGet("/", (AppKeyRequests requests) => Results.Ok(ListOf(requests.Pending()))).WithSummary("Requests waiting for a decision");
        staff.MapPost("/{id:long}/approve", ApproveAsync).WithSummary("Approve with a role and scope ({role, owner?, printerId?, name?}); the key is made now");
        staff.MapPost("/{id:long}/deny", Deny).WithSummary("Deny: the application's next poll is 404");
    }

    private static async Task<IResult> RequestAsync(HttpContext http, AppKeyRequests requests, ServeOptions options, JsonSerializerOptions json,
        ILogger<AppKeyRequests> log, CancellationToken ct)
    {
        // Read here rather than bound: a body of another type must be this route's 415, not a refusal by another route.
        if (!http.Request.HasJsonContentType())
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "send the request as application/json: {\"app\": \"...\", \"user\": \"...\"}");
        var body = await http.Request.ReadFromJsonAsync<AppKeyRequestBody>(json, ct).ConfigureAwait(false)
                   ?? throw new FarmValidationException("the request is not a JSON object with the application's name in \"app\"");
        AppKeyRequest request;
        try
        {
            request = requests.Open(body.App, body.User, http.Connection.RemoteIpAddress?.ToString());
        }
        catch (AppKeyLimitException e)
        {
            if (e.Status == StatusCodes.Status503ServiceUnavailable)
                http.Response.Headers.RetryAfter = "60";
            return Results.Problem(statusCode: e.Status, title: "Too many application key requests", detail: e.Message);
        }
        AppKeyLog.Requested(log, request.Id, request.App, request.User ?? "", request.Address ?? "");
        var poll = new Uri(options.PublicBase, $"/plugin/appkeys/request/{request.Token}");
        // auth_dialog: where a person decides (the dashboard's keys desk); Cura opens it in the browser.
        return Results.Created(poll, new AppKeyOpened(request.Token, new Uri(options.PublicBase, "/").ToString()));
    }

    private static IResult Poll(string appToken, AppKeyRequests requests) =>
        requests.Poll(appToken) switch
        {
            (AppKeyPoll.Pending, _) => Results.Accepted(),
            (AppKeyPoll.Approved, var secret) => Results.Ok(new AppKeyGranted(secret!)),
            _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "no application key request with this token: it was denied, it expired, or its key was collected already"),
        };

    private static async Task<IResult> ApproveAsync(long id, AppKeyDecision body, HttpContext http, AppKeyRequests requests, ApiKeyBook book,
        ILogger<AppKeyRequests> log, CancellationToken ct)
    {
        var caller = Caller.From(http);
        if (body.Role == ApiRole.Agent)
            throw new FarmValidationException("an agent's key comes with its printers' registration (POST /api/printers), not from an application key request");
        if (body.Role == ApiRole.Admin && caller.Role != ApiRole.Admin)
            return Forbidden.Because("only an admin approves an admin key; choose staff, maker or viewer");
        var request = requests.BeginApproval(id);
        IssuedApiKey issued;
        try
        {
            var name = string.IsNullOrWhiteSpace(body.Name) ? request.User is null ? request.App : $"{request.App} ({request.User})" : body.Name;
            issued = await book.CreateAsync(name, body.Role, body.Owner, body.PrinterId, $"{caller.Actor} (application key request {id})", ct).ConfigureAwait(false);
        }
        catch
        {
            requests.AbandonApproval(id);
            throw;
        }
        requests.Approved(id, issued);
        var role = WireNames.Of(body.Role);
        var actor = caller.Actor;
        AppKeyLog.Approved(log, id, request.App, issued.Key.Id, role, actor);
        return Results.Ok(new AppKeyApproved(id, request.App, request.User, Keys.KeyView.From(issued.Key, null)));
    }

    private static IResult Deny(long id, HttpContext http, AppKeyRequests requests, ILogger<AppKeyRequests> log)
    {
        var request = requests.Deny(id);
        var actor = Caller.From(http).Actor;
        AppKeyLog.Denied(log, id, request.App, actor);
        return Results.Ok(AppKeyRequestView.From(request));
    }

    private static ListResult<AppKeyRequestView> ListOf(IReadOnlyList<AppKeyRequest> pending) =>
        new(pending.Select(AppKeyRequestView.From).ToList(), pending.Count);
}

/// <summary>What an application sends: its name and, optionally, the user it acts for. Other fields are ignored, as OctoPrint does.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record AppKeyRequestBody
{
    [JsonPropertyName("app")]
    public required string App { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }
}

/// <summary>OctoPrint's answer to a request: the token to poll with (also in <c>Location</c>) and where a person decides.</summary>
public sealed record AppKeyOpened([property: JsonPropertyName("app_token")] string AppToken, [property: JsonPropertyName("auth_dialog")] string AuthDialog);

/// <summary>OctoPrint's answer to a poll once approved.</summary>
public sealed record AppKeyGranted([property: JsonPropertyName("api_key")] string ApiKey);

/// <summary>Staff's decision: the key's role, and for a maker the owner it acts for; optionally one printer only, and a name.</summary>
public sealed record AppKeyDecision
{
    public required ApiRole Role { get; init; }

    public string? Owner { get; init; }

    public string? PrinterId { get; init; }

    public string? Name { get; init; }
}

/// <summary>A request as staff see it: never its token.</summary>
public sealed record AppKeyRequestView(long Id, string App, string? User, string? Address, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt)
{
    public static AppKeyRequestView From(AppKeyRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new AppKeyRequestView(r.Id, r.App, r.User, r.Address, r.RequestedAt, r.ExpiresAt);
    }
}

/// <summary>An approval: the request and the key made for it (without its secret, which only the application gets).</summary>
public sealed record AppKeyApproved(long Id, string App, string? User, Keys.KeyView Key);
