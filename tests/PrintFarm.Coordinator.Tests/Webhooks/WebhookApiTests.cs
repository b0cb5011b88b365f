using System.Net;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Coordinator.Webhooks;

namespace PrintFarm.Coordinator.Tests.Webhooks;

/// <summary><c>/api/webhooks</c>: staff add, list and remove webhooks; bad input is refused with the valid kinds.</summary>
public sealed class WebhookApiTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync();
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "desk"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _farm.DisposeAsync();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Webhook_AddedListedAndRemoved_SecretShownOnce()
    {
        using var created = await _staff.PostJsonAsync("/api/webhooks", new { url = "https://hooks.example.org/farm", events = new[] { "printer.error" }, site = "lab", owner = "anna" });
        var body = await created.JsonAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var id = body.GetProperty("webhook").GetProperty("id").GetInt64();
        var list = await _staff.GetJsonAsync("/api/webhooks");
        var listed = list.GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetInt64() == id);
        using var removed = await _staff.DeleteAsync($"/api/webhooks/{id}");
        using var again = await _staff.DeleteAsync($"/api/webhooks/{id}");
        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("secret").GetString(), Has.Length.EqualTo(64), "a secret is made when none is given");
            Assert.That(listed.TryGetProperty("secret", out _), Is.False, "the list never shows the secret");
            Assert.That(listed.GetProperty("site").GetString(), Is.EqualTo("lab"));
            Assert.That(listed.GetProperty("owner").GetString(), Is.EqualTo("anna"));
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            await again.ProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Webhook_ByAMakerOrViewer_IsForbidden()
    {
        using var maker = _farm.Client(await _farm.CreateKeyAsync("maker", "anna", owner: "anna"));
        using var response = await maker.PostJsonAsync("/api/webhooks", new { url = "https://hooks.example.org/", events = new[] { "printer.error" } });
        using var list = await maker.GetAsync("/api/webhooks");
        await response.ProblemAsync(HttpStatusCode.Forbidden);
        await list.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [TestCase("""{ "url": "https://hooks.example.org/", "events": ["printer.error"] """, "", TestName = "Malformed JSON")]
    [TestCase("""[1, 2]""", "", TestName = "Not an object")]
    [TestCase("""{ "url": "ftp://hooks.example.org/", "events": ["printer.error"] }""", "http or https", TestName = "Not http")]
    [TestCase("""{ "url": "hooks.example.org", "events": ["printer.error"] }""", "absolute", TestName = "A relative URL")]
    [TestCase("""{ "url": "https://user:pw@hooks.example.org/", "events": ["printer.error"] }""", "user name", TestName = "A URL with a password")]
    [TestCase("""{ "events": ["printer.error"] }""", "url", TestName = "No URL")]
    [TestCase("""{ "url": "https://hooks.example.org/", "events": [] }""", "job.started, job.completed", TestName = "No events")]
    [TestCase("""{ "url": "https://hooks.example.org/", "events": ["printer.on-fire"] }""", "\"printer.on-fire\" is not one of job.started, job.completed, job.failed", TestName = "An unknown event kind")]
    [TestCase("""{ "url": "https://hooks.example.org/", "events": "printer.error" }""", "", TestName = "Events as text")]
    [TestCase("""{ "url": "https://hooks.example.org/", "events": ["printer.error"], "secret": "short" }""", "16 to 200", TestName = "A short secret")]
    [TestCase("""{ "url": "https://hooks.example.org/", "events": ["printer.error"], "site": " " }""", "site", TestName = "An empty site filter")]
    [CancelAfter(30_000)]
    public async Task Webhook_WithBadInput_IsRefusedAndNothingIsAdded(string json, string says)
    {
        var before = await _staff.TotalAsync("/api/webhooks");
        using var response = await _staff.PostRawAsync("/api/webhooks", json);
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(detail, Does.Contain(says));
            Assert.That(await _staff.TotalAsync("/api/webhooks"), Is.EqualTo(before));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DeadLetters_OfAnUnknownWebhook_AreNotFound()
    {
        using var response = await _staff.GetAsync("/api/webhooks/999999/dead-letters");
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public void ValidKinds_ListEveryKindTheApiTakes() =>
        Assert.That(WebhookEvent.ValidKinds, Is.EqualTo("job.started, job.completed, job.failed, job.interrupted, printer.needs-bed-clear, printer.error, printer.offline, demand.met, demand.at-risk, parts.rejected"));
}
