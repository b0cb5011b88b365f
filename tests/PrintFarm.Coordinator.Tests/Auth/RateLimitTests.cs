using System.Net;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Auth;

public sealed class RateLimitTests
{
    [Test]
    public async Task Repeated_wrong_key_from_one_address_gets_429_with_retry_after_and_a_valid_key_there_still_works()
    {
        await using var farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["AuthFailuresPerMinute"] = "5" });
        using var wrong = farm.Client("pf_guess");
        for (var i = 0; i < 5; i++)
        {
            using var r = await wrong.GetAsync("/api/printers");
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {i + 1}");
        }
        using var blocked = await wrong.GetAsync("/api/printers");
        using var admin = farm.Admin();
        using var alsoBlocked = await admin.GetAsync("/api/printers");
        using var health = await farm.Client().GetAsync("/healthz");
        Assert.Multiple(async () =>
        {
            await blocked.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.That(blocked.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That(alsoBlocked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a valid key from the same address is never locked out by another key's failures");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "requests without a key are not blocked");
        });
    }
}
