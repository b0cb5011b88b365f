using System.Security.Cryptography;
using System.Text;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>The <c>X-PrintFarm-Signature</c> header: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body with the webhook's secret.</summary>
public static class WebhookSignature
{
    public const string Header = "X-PrintFarm-Signature";
    public const string EventIdHeader = "X-PrintFarm-Event-Id";
    public const string EventKindHeader = "X-PrintFarm-Event";
    public const string TimestampHeader = "X-PrintFarm-Timestamp";

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));

    /// <summary>A new secret: 32 random bytes as hex.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
