using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.Keys;

/// <summary><c>/api/keys</c> (admin): create and revoke API keys. A secret is shown once, at creation; only its hash is kept.</summary>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(AuthSetup.Admin);
        group.MapGet("/", ListAsync).WithSummary("Keys (without secrets)");
        group.MapPost("/", CreateAsync).WithSummary("Create a key for a role; the answer holds the secret, shown once");
        group.MapDelete("/{id:long}", RevokeAsync).WithSummary("Revoke a key");
    }

    private static async Task<IResult> ListAsync(ApiKeyBook book, CancellationToken ct)
    {
        var keys = await book.ListAsync(ct).ConfigureAwait(false);
        return Results.Ok(new ListResult<KeyView>(keys.Select(k => KeyView.From(k, null)).ToList(), keys.Count));
    }

    private static async Task<IResult> CreateAsync(NewKeyRequest body, HttpContext http, ApiKeyBook book, CancellationToken ct)
    {
        var created = await book.CreateAsync(body.Name, body.Role, body.Owner, body.PrinterId, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Created($"/api/keys/{created.Key.Id}", KeyView.From(created.Key, created.Secret));
    }

    private static async Task<IResult> RevokeAsync(long id, HttpContext http, ApiKeyBook book, ApiKeyCache cache, CancellationToken ct)
    {
        var revoked = await book.RevokeAsync(id, Caller.From(http).Actor, ct).ConfigureAwait(false);
        cache.Forget();
        return Results.Ok(KeyView.From(revoked, null));
    }
}

public sealed record NewKeyRequest
{
    public required string Name { get; init; }

    public required ApiRole Role { get; init; }

    /// <summary>Required for a maker: the owner name on their printers.</summary>
    public string? Owner { get; init; }

    /// <summary>Binds the key to one printer (OctoPrint-style per-printer keys for slicers).</summary>
    public string? PrinterId { get; init; }
}

public sealed record KeyView(long Id, string Name, ApiRole Role, string? Owner, string? PrinterId, string Prefix, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, string? Secret)
{
    public static KeyView From(ApiKey k, string? secret)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new KeyView(k.Id, k.Name, k.Role, k.Owner, k.PrinterId, k.Prefix, k.CreatedAt, k.RevokedAt, secret);
    }
}
