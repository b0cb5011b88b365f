using System.Net;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Invitations;

/// <summary>The join routes take no key, so they are limited per address: past the limit, 429 with Retry-After and its own reason.</summary>
public sealed class JoinLimitTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Joins_PastThePerAddressLimit_Are429WithRetryAfter()
    {
        await using var farm = await TestFarm.StartAsync(InvitationTests.Config,
            overrides: new Dictionary<string, string?> { ["Join:JoinsPerMinute"] = "2", ["Join:ChecksPerMinute"] = "3" });
        using var anonymous = farm.Client();
        for (var i = 0; i < 2; i++)
        {
            using var refused = await InvitationTests.JoinAsync(anonymous, "KKKK-KKKK", "Guesser");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        using var limited = await InvitationTests.JoinAsync(anonymous, "KKKK-KKKK", "Guesser");
        Assert.That(await limited.ProblemAsync(HttpStatusCode.TooManyRequests), Does.Contain("invitation codes"));
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        for (var i = 0; i < 3; i++)
        {
            using var check = await anonymous.GetAsync("/api/join/KKKK-KKKK");
            Assert.That(check.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        using var checkLimited = await anonymous.GetAsync("/api/join/KKKK-KKKK");
        Assert.That(checkLimited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
