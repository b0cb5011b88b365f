using System.Globalization;
namespace PrintFarm.Wire;

/// <summary>
/// An external broker as given in <c>mqtt.external</c> or <c>--mqtt</c>: <c>mqtt://USER:PASS@HOST:PORT</c> (plain TCP, port
/// 1883 unless given) or <c>mqtts://...</c> (TLS, port 8883). The user name and password are URL-decoded, so a password
/// with <c>@</c> or <c>:</c> is written <c>%40</c>, <c>%3A</c>.
/// </summary>
public sealed record MqttEndpoint(string Host, int Port, bool UseTls, string? UserName, string? Password)
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    /// <summary><c>host:port</c>, IPv6 hosts in brackets; no credentials.</summary>
    public string Address => $"{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The URL without credentials: <c>mqtts://broker.example:8883</c>.</summary>
    public string PublicUrl => $"{(UseTls ? "mqtts" : "mqtt")}://{Address}";

    /// <summary>Parses the URL or throws <see cref="FormatException"/> saying what is wrong with it.</summary>
    public static MqttEndpoint Parse(string? url) =>
        TryParse(url, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    public static bool TryParse(string? url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MqttEndpoint? endpoint, out string error)
    {
        endpoint = null;
        error = "";
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "empty; expected mqtt://USER:PASS@HOST:PORT or mqtts://...";
            return false;
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            error = $"\"{Redact(url)}\" is not a URL; expected mqtt://USER:PASS@HOST:PORT or mqtts://...";
            return false;
        }
        bool tls;
        switch (uri.Scheme)
        {
            case "mqtt":
            case "tcp":
                tls = false;
                break;
            case "mqtts":
            case "ssl":
                tls = true;
                break;
            default:
                error = $"scheme \"{uri.Scheme}\" is not mqtt:// or mqtts://";
                return false;
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            error = $"\"{Redact(url)}\" names no host";
            return false;
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"\"{Redact(url)}\" has a path, query or fragment; a broker URL is only mqtt://USER:PASS@HOST:PORT";
            return false;
        }
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultTlsPort : DefaultPort) : uri.Port;
        if (port is < 1 or > 65535)
        {
            error = $"port {port} is not between 1 and 65535";
            return false;
        }
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (user.Length == 0)
            {
                error = "a password is given without a user name";
                return false;
            }
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        endpoint = new MqttEndpoint(host, port, tls, user, password);
        return true;
    }

    /// <summary>Keeps the password out of logs and error messages.</summary>
    public override string ToString() => UserName is null ? PublicUrl : $"{(UseTls ? "mqtts" : "mqtt")}://{UserName}:***@{Address}";

    private static string Redact(string url)
    {
        // mqtt://user:secret@host -> mqtt://user:***@host, for error messages.
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
            return url;
        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? url : $"{url[..(scheme + 3)]}{userInfo[..colon]}:***{url[at..]}";
    }
}
