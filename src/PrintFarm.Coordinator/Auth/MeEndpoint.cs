using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Farm.Access;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// <c>GET /api/me</c>: who the key belongs to and what it may do, so a page shows only the controls that will work.
/// The API still checks every request; this only saves a person from buttons that answer 403.
/// </summary>
internal static class MeEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", (HttpContext http) => Results.Ok(MeView.From(Caller.From(http))))
            .WithTags("Keys").Produces<MeView>().WithSummary("The calling key: its role, name, owner and rights");
}

/// <summary>The calling key as <c>GET /api/me</c> shows it.</summary>
public sealed record MeView(string Role, string Name, string? Owner, string? PrinterId, bool CanWrite, bool IsStaff, bool IsAdmin, string? Node = null)
{
    public static MeView From(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new MeView(WireNames.Of(caller.Role), caller.Name, caller.Owner, caller.PrinterId, caller.CanWrite, caller.IsStaff, caller.Role == ApiRole.Admin, caller.Node);
    }
}
