using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using PrintFarm.Farm.Access;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// Every 403 says which right is missing: a route's role policy names the roles it takes and the caller's own
/// (<c>this needs a staff or admin key; yours is a maker key</c>), as problem details. Everything else (401, success)
/// goes on as ASP.NET Core does it.
/// </summary>
internal sealed class ForbiddenExplained : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }
        var roles = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)
            ?? policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles);
        var wanted = roles.Select(RoleName).Distinct(StringComparer.Ordinal).ToList();
        var mine = WireNames.Of(Caller.From(context).Role);
        var detail = wanted.Count == 0
            ? $"{Article(mine)} {mine} key may not do this"
            : $"this needs {Article(wanted[0])} {string.Join(" or ", wanted)} key; yours is {Article(mine)} {mine} key";
        await Forbidden.Because(detail).ExecuteAsync(context).ConfigureAwait(false);
    }

    private static string RoleName(string role) => Enum.TryParse<ApiRole>(role, out var parsed) ? WireNames.Of(parsed) : role.ToLowerInvariant();

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";
}

/// <summary>A 403 with its reason, for the checks an endpoint makes itself (a maker acting on another's printer).</summary>
public static class Forbidden
{
    public static IResult Because(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
