using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// API keys and roles. Every endpoint needs a key unless it is marked anonymous (/healthz, /api/version, the
/// OpenAPI document and the dashboard's files). Policies: <see cref="Write"/> (anyone but a viewer),
/// <see cref="Staff"/> (staff and admin) and <see cref="Admin"/>.
/// </summary>
public static class AuthSetup
{
    public const string Write = "write";
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string AgentOnly = "agent";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenExplained>();
        services.AddSingleton(sp => new FailedAuthLimiter(options.AuthFailuresPerMinute, sp.GetRequiredService<TimeProvider>()));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            // Agents' keys reach only the routes meant for them (policy Agent); every other route wants a person's role.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireRole(nameof(ApiRole.Admin), nameof(ApiRole.Staff), nameof(ApiRole.Maker), nameof(ApiRole.Viewer)).Build())
            .AddPolicy(AgentOnly, p => p.RequireAuthenticatedUser().RequireRole(nameof(ApiRole.Agent)))
            .AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireRole(nameof(ApiRole.Admin), nameof(ApiRole.Staff), nameof(ApiRole.Maker)))
            .AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(nameof(ApiRole.Admin), nameof(ApiRole.Staff)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(nameof(ApiRole.Admin)));
        return services;
    }

    /// <summary>
    /// An address that sent the same wrong key (by its prefix) too often in the last minute gets 429 for that key,
    /// before the key is looked at; other keys from the same address, and its anonymous requests, still work.
    /// </summary>
    public static IApplicationBuilder UseFailedAuthLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limiter = context.RequestServices.GetRequiredService<FailedAuthLimiter>();
            var sendsKey = context.Request.Headers.ContainsKey("X-Api-Key") || context.Request.Headers.ContainsKey("Authorization");
            if (sendsKey && limiter.Blocked(context.Connection.RemoteIpAddress, ApiKeyAuthenticationHandler.SecretOf(context.Request)) is { } wait)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong API keys",
                    detail: $"this address sent this wrong API key too often; try again in {Math.Ceiling(wait.TotalSeconds)} s").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
}
