using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrintFarm.Coordinator.Auth;

/// <summary>
/// Authenticates a request by its API key, sent as <c>X-Api-Key</c> or <c>Authorization: Bearer</c>. No key: the
/// endpoint's challenge answers 401. A wrong key: 401, and the failure counts against the caller's address.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";

    private readonly ApiKeyCache _keys;
    private readonly FailedAuthLimiter _limiter;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys, FailedAuthLimiter limiter)
        : base(options, logger, encoder)
    {
        _keys = keys;
        _limiter = limiter;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadSecret();
        if (secret is null)
            return AuthenticateResult.NoResult();
        var key = await _keys.FindAsync(secret, Context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            _limiter.RecordFailure(Context.Connection.RemoteIpAddress, secret);
            return AuthenticateResult.Fail("unknown or revoked API key");
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(Caller.KeyClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(Caller.RoleClaim, key.Role.ToString()),
            new(ClaimTypes.Role, key.Role.ToString()),
        };
        if (key.Owner is not null)
            claims.Add(new Claim(Caller.OwnerClaim, key.Owner));
        if (key.PrinterId is not null)
            claims.Add(new Claim(Caller.PrinterClaim, key.PrinterId));
        if (key.Node is not null)
            claims.Add(new Claim(Caller.NodeClaim, key.Node));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private string? ReadSecret() => SecretOf(Request);

    /// <summary>The key a request sends, in <c>X-Api-Key</c> or as a Bearer token, or null.</summary>
    public static string? SecretOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0 && !string.IsNullOrWhiteSpace(header[0]))
            return header[0]!.Trim();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        return null;
    }
}
