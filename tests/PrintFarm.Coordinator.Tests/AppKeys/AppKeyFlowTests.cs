using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrintFarm.Coordinator.AppKeys;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.AppKeys;

/// <summary>
/// OctoPrint's Application Keys flow as Cura runs it (probe, request, poll once a second, read <c>api_key</c>), with
/// staff deciding through <c>/api/appkeys</c>, against a real coordinator.
/// </summary>
public sealed class AppKeyFlowTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The limits are raised here: this fixture sends many requests from one address; AppKeyLimitTests keeps them low.
        _farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["AppKeyRequestsPerMinute"] = "1000", ["AppKeyPollsPerMinute"] = "1000" });
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
        _anonymous = _farm.Client();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        _anonymous.Dispose();
        await _farm.DisposeAsync();
    }

    internal static async Task<(string Token, Uri Poll)> RequestAsync(HttpClient client, string json)
    {
        using var response = await client.PostRawAsync("/plugin/appkeys/request", json);
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var token = body.GetProperty("app_token").GetString()!;
        Assert.That(response.Headers.Location, Is.Not.Null);
        Assert.That(response.Headers.Location!.IsAbsoluteUri, Is.True, "Cura polls the Location as it is");
        // The Location is on the configured public address (here the test's unbound http://127.0.0.1:0): poll its path.
        return (token, new Uri(response.Headers.Location.PathAndQuery, UriKind.Relative));
    }

    private async Task<long> PendingIdAsync(string app, string? user)
    {
        var list = await _staff.GetJsonAsync("/api/appkeys");
        return list.GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("app").GetString() == app && (r.GetProperty("user").ValueKind == JsonValueKind.Null ? null : r.GetProperty("user").GetString()) == user)
            .GetProperty("id").GetInt64();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Probe_WithoutAKey_Answers204()
    {
        using var probe = await _anonymous.GetAsync("/plugin/appkeys/probe");
        Assert.That(probe.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Request_ApprovedAsAMakerKey_PollHandsTheKeyOutOnceAndItWorks()
    {
        var (token, poll) = await RequestAsync(_anonymous, """{"app": "Cura", "user": "anna"}""");
        Assert.That(poll.OriginalString, Is.EqualTo($"/plugin/appkeys/request/{token}"));
        using (var waiting = await _anonymous.GetAsync(poll))
            Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "202 while nobody decided");

        var listed = await _staff.GetJsonAsync("/api/appkeys");
        Assert.That(listed.ToString(), Does.Not.Contain(token), "staff never see the application's token");
        var id = await PendingIdAsync("Cura", "anna");

        using (var approve = await _staff.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "maker", owner = "anna" }))
        {
            var body = await approve.JsonAsync();
            Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
            Assert.That(body.GetProperty("key").GetProperty("secret").ValueKind, Is.EqualTo(JsonValueKind.Null), "the secret goes to the application only");
        }

        using var granted = await _anonymous.GetAsync(poll);
        var grantedBody = await granted.JsonAsync();
        Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.OK), grantedBody.ToString());
        var secret = grantedBody.GetProperty("api_key").GetString()!;
        using (var again = await _anonymous.GetAsync(poll))
            await again.ProblemAsync(HttpStatusCode.NotFound);

        using var app = _farm.Client(secret);
        var me = await app.GetJsonAsync("/api/me");
        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("maker"));
            Assert.That(me.GetProperty("owner").GetString(), Is.EqualTo("anna"));
            Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Cura (anna)"));
        });

        // An ordinary key: listed and revoked like any other.
        using var admin = _farm.Admin();
        var keys = await admin.GetJsonAsync("/api/keys");
        var keyId = keys.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "Cura (anna)").GetProperty("id").GetInt64();
        using (var revoke = await admin.DeleteAsync($"/api/keys/{keyId}"))
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var after = await app.GetAsync("/api/me");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_Denied_PollAnswers404()
    {
        var (_, poll) = await RequestAsync(_anonymous, """{"app": "Home Assistant"}""");
        var id = await PendingIdAsync("Home Assistant", null);
        using (var deny = await _staff.PostAsync(new Uri($"/api/appkeys/{id}/deny", UriKind.Relative), null))
            Assert.That(deny.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var denied = await _anonymous.GetAsync(poll))
            await denied.ProblemAsync(HttpStatusCode.NotFound);
        using (var late = await _staff.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "viewer" }))
            await late.ProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await _staff.GetJsonAsync("/api/appkeys")).GetProperty("items").EnumerateArray().Any(r => r.GetProperty("id").GetInt64() == id), Is.False);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Approve_AStaffMembersChoice_NeverAboveTheirOwnRoleAndNeverAnAgent()
    {
        await RequestAsync(_anonymous, """{"app": "OctoApp", "user": "lab"}""");
        var id = await PendingIdAsync("OctoApp", "lab");
        using (var admin = await _staff.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "admin" }))
            Assert.That(await admin.ProblemAsync(HttpStatusCode.Forbidden), Does.Contain("only an admin"));
        using (var agent = await _staff.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "agent", owner = "pi-1" }))
            await agent.ProblemAsync(HttpStatusCode.BadRequest);
        using (var makerWithoutOwner = await _staff.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "maker" }))
            Assert.That(await makerWithoutOwner.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("owner"));
        using (var unknownRole = await _staff.PostRawAsync($"/api/appkeys/{id}/approve", """{"role": "root"}"""))
            await unknownRole.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await PendingIdAsync("OctoApp", "lab"), Is.EqualTo(id), "a refused approval leaves the request waiting");
        using (var staff = await _staff.PostJsonAsync($"/api/appkeys/{id}/approve", new { role = "staff", name = "OctoApp on the lab tablet" }))
            Assert.That(staff.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Decisions_WithoutAStaffKey_AreRefused()
    {
        using var viewer = _farm.Client(await _farm.CreateKeyAsync("viewer", "wall-screen"));
        using (var list = await viewer.GetAsync("/api/appkeys"))
            await list.ProblemAsync(HttpStatusCode.Forbidden);
        using (var list = await _anonymous.GetAsync("/api/appkeys"))
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using (var approve = await _anonymous.PostRawAsync("/api/appkeys/1/approve", """{"role": "admin"}"""))
            Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("\"Cura\"")]
    [TestCase("{}")]
    [TestCase("""{"user": "anna"}""")]
    [TestCase("""{"app": 5}""")]
    [TestCase("""{"app": ""}""")]
    [TestCase("""{"app": null}""")]
    [TestCase("""{"app": "Cura\u202Etxt.exe"}""")]
    [TestCase("""{"app": "Cura", "user": "a\nb"}""")]
    [TestCase("""{"app": "0123456789012345678901234567890123456789012345678"}""")]
    [TestCase("""{"app": "Cura", "user": ["anna"]}""")]
    [TestCase("""{"app": "Cura" """)]
    [CancelAfter(30_000)]
    public async Task Request_JunkBody_Answers400WithAProblem(string json)
    {
        using var response = await _anonymous.PostRawAsync("/plugin/appkeys/request", json);
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(detail, Is.Not.Empty, "the problem says what was wrong");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_UnknownFieldsBesideTheApp_AreIgnoredAsOctoPrintDoes()
    {
        var (token, _) = await RequestAsync(_anonymous, """{"app": "Slicer with extras", "client_version": "5.7"}""");
        Assert.That(token, Has.Length.GreaterThanOrEqualTo(40), "a token nobody can guess");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_OverFourKilobytes_Answers413()
    {
        var json = $$"""{"app": "Cura", "padding": "{{new string('x', 5000)}}"}""";
        using var response = await _anonymous.PostRawAsync("/plugin/appkeys/request", json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_NoBodyOrNotJson_IsRefused()
    {
        using (var empty = await _anonymous.PostAsync(new Uri("/plugin/appkeys/request", UriKind.Relative), null))
            await empty.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using (var nothing = await _anonymous.PostAsync(new Uri("/plugin/appkeys/request", UriKind.Relative), new StringContent("", System.Text.Encoding.UTF8, "application/json")))
            await nothing.ProblemAsync(HttpStatusCode.BadRequest);
        using var text = await _anonymous.PostAsync(new Uri("/plugin/appkeys/request", UriKind.Relative), new StringContent("app=Cura", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await text.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Poll_UnknownToken_Answers404()
    {
        using var response = await _anonymous.GetAsync("/plugin/appkeys/request/not-a-token");
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}
