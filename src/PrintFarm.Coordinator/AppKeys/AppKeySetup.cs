using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Configuration;

namespace PrintFarm.Coordinator.AppKeys;

/// <summary>
/// The application keys' services, and the rate limits on their routes without a key: per address and fixed minute,
/// <c>appKeyRequestsPerMinute</c> new requests and <c>appKeyPollsPerMinute</c> polls and probes (Cura polls once a
/// second). Past either, 429 with <c>Retry-After</c>.
/// </summary>
public static class AppKeySetup
{
    public const string RequestPolicy = "appkeys-request";
    public const string PollPolicy = "appkeys-poll";

    public static IServiceCollection AddAppKeys(this IServiceCollection services, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<AppKeyRequests>();
        services.AddHostedService<AppKeyExpiry>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RequestPolicy, http => PerAddress(http, options.AppKeyRequestsPerMinute));
            o.AddPolicy(PollPolicy, http => PerAddress(http, options.AppKeyPollsPerMinute));
            o.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, Math.Ceiling(retry.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"this address asked for application keys too often; try again in {wait} s").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
