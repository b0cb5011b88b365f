using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Configuration;

namespace PrintFarm.Coordinator.Invitations;

/// <summary>
/// The rate limits on the join routes, which take no key: per address and fixed minute, <c>join.checksPerMinute</c> code
/// checks and <c>join.joinsPerMinute</c> joins. Past either, 429 with <c>Retry-After</c>. With 8-character codes
/// (<see cref="PrintFarm.Farm.Invitations.InvitationCode"/>) this keeps guessing hopeless.
/// </summary>
public static class InvitationSetup
{
    public const string CheckPolicy = "join-check";
    public const string JoinPolicy = "join";

    public static IServiceCollection AddInvitations(this IServiceCollection services, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(CheckPolicy, new PerAddressPolicy(options.Join.ChecksPerMinute));
            o.AddPolicy(JoinPolicy, new PerAddressPolicy(options.Join.JoinsPerMinute));
        });
        return services;
    }

    /// <summary>A fixed window per address, with its own refusal (the application keys' says something else).</summary>
    private sealed class PerAddressPolicy(int perMinute) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, ct) =>
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, Math.Ceiling(retry.TotalSeconds)) : 60;
            context.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"this address tried invitation codes too often; try again in {wait} s").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
    }
}
