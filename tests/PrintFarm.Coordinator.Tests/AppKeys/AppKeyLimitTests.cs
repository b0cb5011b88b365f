using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrintFarm.Coordinator.AppKeys;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.AppKeys;

/// <summary>What bounds the routes without a key: the rate limits per address, the cap on waiting requests, and the 10 minutes.</summary>
public sealed class AppKeyLimitTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Request_MoreThanTheLimitPerMinute_Answers429WithRetryAfter()
    {
        await using var farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["AppKeyRequestsPerMinute"] = "3", ["AppKeyPollsPerMinute"] = "4" });
        using var client = farm.Client();
        var (_, poll) = await AppKeyFlowTests.RequestAsync(client, """{"app": "Cura"}""");
        await AppKeyFlowTests.RequestAsync(client, """{"app": "Cura"}""");
        await AppKeyFlowTests.RequestAsync(client, """{"app": "Cura"}""");
        using var fourth = await client.PostRawAsync("/plugin/appkeys/request", """{"app": "Cura"}""");
        await fourth.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(fourth.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));

        for (var i = 0; i < 4; i++)
        {
            using var waiting = await client.GetAsync(poll);
            Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), $"poll {i + 1}");
        }
        using var tooOften = await client.GetAsync(poll);
        await tooOften.ProblemAsync(HttpStatusCode.TooManyRequests);

        // The API with a key is not limited by it.
        using var admin = farm.Admin();
        Assert.That((await admin.GetJsonAsync("/api/appkeys")).GetProperty("total").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Request_MoreThanFiveWaitingFromOneAddress_Answers429()
    {
        await using var farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["AppKeyRequestsPerMinute"] = "1000" });
        using var client = farm.Client();
        for (var i = 0; i < AppKeyRequests.MaxPendingPerAddress; i++)
            await AppKeyFlowTests.RequestAsync(client, $$"""{"app": "App {{i}}"}""");
        using var sixth = await client.PostRawAsync("/plugin/appkeys/request", """{"app": "One too many"}""");
        Assert.That(await sixth.ProblemAsync(HttpStatusCode.TooManyRequests), Does.Contain("waiting already"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Request_NotDecidedInTenMinutes_Expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var farm = await TestFarm.StartAsync(services: s => s.AddSingleton(new AppKeyRequests(time)));
        using var client = farm.Client();
        using var admin = farm.Admin();
        var (_, poll) = await AppKeyFlowTests.RequestAsync(client, """{"app": "Cura"}""");
        var id = (await admin.GetJsonAsync("/api/appkeys")).GetProperty("items")[0].GetProperty("id").GetInt64();

        time.Advance(AppKeyRequests.DecisionTime - TimeSpan.FromSeconds(1));
        using (var stillWaiting = await client.GetAsync(poll))
            Assert.That(stillWaiting.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "9 min 59 s: still waiting");
        time.Advance(TimeSpan.FromSeconds(1));
        using (var expired = await client.GetAsync(poll))
            await expired.ProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await admin.GetJsonAsync("/api/appkeys")).GetProperty("total").GetInt32(), Is.Zero);
        using var late = await admin.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "viewer" });
        Assert.That(await late.ProblemAsync(HttpStatusCode.NotFound), Does.Contain("expired"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Approved_NotCollectedInTwoMinutes_TheKeyIsRevoked()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var farm = await TestFarm.StartAsync(services: s => s.AddSingleton(new AppKeyRequests(time)));
        using var client = farm.Client();
        using var admin = farm.Admin();
        var (_, poll) = await AppKeyFlowTests.RequestAsync(client, """{"app": "Forgetful app"}""");
        var id = (await admin.GetJsonAsync("/api/appkeys")).GetProperty("items")[0].GetProperty("id").GetInt64();
        using (var approve = await admin.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "viewer" }))
            Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        time.Advance(AppKeyRequests.PickupTime);
        using (var late = await client.GetAsync(poll))
            await late.ProblemAsync(HttpStatusCode.NotFound);
        var expiry = ActivatorUtilities.CreateInstance<AppKeyExpiry>(farm.Services);
        await expiry.RevokeUncollectedAsync(CancellationToken.None);
        var key = (await admin.GetJsonAsync("/api/keys")).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "Forgetful app");
        Assert.That(key.GetProperty("revokedAt").ValueKind, Is.Not.EqualTo(System.Text.Json.JsonValueKind.Null), "nobody holds its secret: revoked");
    }

    [Test]
    public void Approved_NotCollectedInTime_IsHandedOnToBeRevokedOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requests = new AppKeyRequests(time);
        var request = requests.Open("Cura", null, "192.0.2.7");
        requests.BeginApproval(request.Id);
        var key = new PrintFarm.Farm.Access.ApiKey { Id = 42, Name = "Cura", Role = PrintFarm.Farm.Access.ApiRole.Viewer, Hash = "", Prefix = "pf_abcde", CreatedAt = time.GetUtcNow() };
        requests.Approved(request.Id, new PrintFarm.Farm.Access.IssuedApiKey(key, "pf_secret"));
        time.Advance(AppKeyRequests.PickupTime - TimeSpan.FromSeconds(1));
        Assert.That(requests.TakeUncollected(), Is.Empty, "still time to collect it");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(requests.Poll(request.Token).State, Is.EqualTo(AppKeyPoll.Gone));
            Assert.That(requests.TakeUncollected(), Is.EqualTo(new[] { 42L }));
            Assert.That(requests.TakeUncollected(), Is.Empty, "handed on once");
        });
    }

    [Test]
    public void Open_PastTheCapInAll_RefusedWith503()
    {
        var requests = new AppKeyRequests(new FakeTimeProvider());
        for (var i = 0; i < AppKeyRequests.MaxPending; i++)
            requests.Open("App", null, $"192.0.2.{i % 250}:{i}");
        var refusal = Assert.Throws<AppKeyLimitException>(() => requests.Open("App", null, "198.51.100.1"));
        Assert.That(refusal!.Status, Is.EqualTo(503));
    }
}
