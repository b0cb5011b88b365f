using System.Diagnostics.CodeAnalysis;

namespace PrintFarm.Agent;

/// <summary>
/// Where an agent's broker is and how it logs in: <c>mqtt://USER:PASS@HOST:PORT</c>, or <c>mqtts://...</c> for TLS.
/// The user is the agent's id and the password its agent key (the same key downloads G-code over HTTP).
/// Reserved characters in the user or password are percent-encoded. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record BrokerAddress(bool Tls, string Host, int Port, string? UserName, string? Password)
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    public static BrokerAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out BrokerAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "required: mqtt://USER:PASS@HOST:PORT or mqtts://USER:PASS@HOST:PORT";
            return false;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts"))
        {
            error = "not an mqtt:// or mqtts:// address (mqtt://USER:PASS@HOST:PORT)";
            return false;
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            error = "no host (mqtt://USER:PASS@HOST:PORT)";
            return false;
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "has a path, query or fragment; only mqtt://USER:PASS@HOST:PORT is understood";
            return false;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var tls = uri.Scheme == "mqtts";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultTlsPort : DefaultPort) : uri.Port;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.IdnHost;
        address = new BrokerAddress(tls, host, port, string.IsNullOrEmpty(user) ? null : user, string.IsNullOrEmpty(password) ? null : password);
        error = null;
        return true;
    }

    /// <summary>The address with its credentials, as an agent's config wants it (user and password percent-encoded).</summary>
    public static string Format(bool tls, string host, int port, string userName, string password) =>
        $"{(tls ? "mqtts" : "mqtt")}://{Uri.EscapeDataString(userName)}:{Uri.EscapeDataString(password)}@{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";

    /// <summary>The address without the password, for logs.</summary>
    public override string ToString() =>
        $"{(Tls ? "mqtts" : "mqtt")}://{(UserName is null ? "" : Uri.EscapeDataString(UserName) + (Password is null ? "" : ":***") + "@")}{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
