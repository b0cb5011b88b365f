using Microsoft.AspNetCore.Builder;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// Headers on every answer, the dashboard's included: a Content-Security-Policy that allows only the daemon's own
/// scripts, styles and connections and no framing, <c>nosniff</c>, <c>X-Frame-Options: DENY</c> and no referrer.
/// </summary>
internal static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
