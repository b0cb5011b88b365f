using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Farm.Invitations;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Tests.Invitations;

/// <summary>
/// Invitations and the join flow against a real coordinator over HTTP: a batch of 500 printed as a sheet and each code
/// used once, expired, revoked and unknown codes refused, two joins racing for one code, the key bound to its node,
/// and bad bodies answered 400. The invitations' clock is a fake one, advanced by the tests.
/// </summary>
public sealed partial class InvitationTests
{
    internal const string Config = """
        { "nodes": { "node-gracia": { "name": "Punt de recollida Gràcia" }, "node-poblenou": { "name": "Punt de recollida Poblenou" } },
          "join": { "terms": "Print clean parts and bring them to your node." } }
        """;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync(Config,
            overrides: new Dictionary<string, string?> { ["Join:JoinsPerMinute"] = "10000", ["Join:ChecksPerMinute"] = "10000" },
            services: s => s.AddSingleton(sp => new InvitationBook(sp.GetRequiredService<IFarmStore>(), _time)));
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "district-desk"));
        _anonymous = _farm.Client();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        _anonymous.Dispose();
        await _farm.DisposeAsync();
    }

    internal static async Task<List<string>> CreateAsync(HttpClient staff, object body)
    {
        using var response = await staff.PostJsonAsync("/api/invitations", body);
        var json = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return json.GetProperty("invitations").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();
    }

    internal static Task<HttpResponseMessage> JoinAsync(HttpClient client, string code, string name) =>
        client.PostJsonAsync("/api/join", new { code, displayName = name, acceptTerms = true });

    [GeneratedRegex("<div class=\"code\">([3-9A-Z]{4}-[3-9A-Z]{4})</div>")]
    private static partial Regex SheetCode();

    [Test]
    [CancelAfter(240_000)]
    public async Task Batch_Of500_PrintsASheetOfQrCodes_AndEachCodeWorksOnce()
    {
        using var response = await _staff.PostJsonAsync("/api/invitations?format=html", new { node = "node-gracia", count = 500, batch = "gracia-500", note = "district evening" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), html[..Math.Min(500, html.Length)]);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var codes = SheetCode().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(codes, Has.Count.EqualTo(500));
            Assert.That(codes.Distinct().Count(), Is.EqualTo(500), "every code differs");
            Assert.That(Regex.Count(html, "<img alt=\"QR code to join\" src=\"data:image/svg\\+xml;base64,"), Is.EqualTo(500));
            Assert.That(Regex.Count(html, "<section class=\"page\">"), Is.EqualTo(42), "12 cards to an A4 page");
            Assert.That(WebUtility.HtmlDecode(html), Does.Contain("Punt de recollida Gràcia"));
            Assert.That(html, Does.Contain("@page { size: A4"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("style-src 'sha256-"));
        });
        // One QR decodes to the card's own link: the image carries the link of the code under it.
        var firstImage = Regex.Match(html, "src=\"data:image/svg\\+xml;base64,([^\"]+)\"").Groups[1].Value;
        Assert.That(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(firstImage)), Does.StartWith("<svg").Or.Contains("<svg"));

        var listed = await _staff.GetJsonAsync("/api/invitations?batch=gracia-500&state=open&limit=1000");
        Assert.That(listed.GetProperty("total").GetInt64(), Is.EqualTo(500));
        Assert.That(listed.ToString(), Does.Not.Contain(codes[0]), "staff never see a code again");

        var owners = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(codes.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
        {
            using var joined = await JoinAsync(_anonymous, item.c, item.i % 2 == 0 ? "Anna Puig" : $"Maker {item.i}");
            var body = await joined.JsonAsync();
            Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
            owners.Add(body.GetProperty("owner").GetString()!);
        });
        Assert.That(owners.Distinct().Count(), Is.EqualTo(500), "each join its own owner id, the same display name made unique");
        Assert.That(owners, Does.Contain("anna-puig").And.Contains("anna-puig-2"));
        foreach (var code in codes.Take(5))
        {
            using var again = await JoinAsync(_anonymous, code, "Second Try");
            Assert.That(await again.ProblemAsync(HttpStatusCode.Gone), Does.Contain("used already"));
        }
        Assert.That((await _staff.GetJsonAsync("/api/invitations?batch=gracia-500&state=used")).GetProperty("total").GetInt64(), Is.EqualTo(500));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Check_OpenCode_NamesTheNodeAndTerms_UnknownIs404()
    {
        var code = (await CreateAsync(_staff, new { node = "node-poblenou" })).Single();
        var check = await _anonymous.GetJsonAsync($"/api/join/{code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)}");
        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(check.GetProperty("nodeName").GetString(), Is.EqualTo("Punt de recollida Poblenou"));
            Assert.That(check.GetProperty("terms").GetString(), Is.EqualTo("Print clean parts and bring them to your node."));
        });
        using var unknown = await _anonymous.GetAsync("/api/join/KKKK-KKKK");
        var detail = await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.That(detail, Does.Not.Contain("node"), "nothing about any node");
        using var junk = await _anonymous.GetAsync("/api/join/not-a-code-at-all");
        await junk.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Expired_IsRefused_ByTheCheckAndTheJoin()
    {
        var code = (await CreateAsync(_staff, new { node = "node-gracia", expiresInHours = 2, batch = "short" })).Single();
        using (var fresh = await _anonymous.GetAsync($"/api/join/{code}"))
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _time.Advance(TimeSpan.FromHours(3));
        using (var check = await _anonymous.GetAsync($"/api/join/{code}"))
            Assert.That(await check.ProblemAsync(HttpStatusCode.Gone), Does.Contain("expired"));
        using (var join = await JoinAsync(_anonymous, code, "Late Comer"))
        {
            var detail = await join.ProblemAsync(HttpStatusCode.Gone);
            Assert.That(detail, Does.Contain("expired").And.Not.Contain("gracia"));
        }
        Assert.That((await _staff.GetJsonAsync("/api/invitations?batch=short&state=expired")).GetProperty("total").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Revoked_SinglyOrByBatch_IsRefused()
    {
        await CreateAsync(_staff, new { node = "node-gracia", batch = "to-revoke-one" });
        var id = (await _staff.GetJsonAsync("/api/invitations?batch=to-revoke-one")).GetProperty("items")[0].GetProperty("id").GetInt64();
        using (var revoke = await _staff.DeleteAsync($"/api/invitations/{id}"))
            Assert.That((await revoke.JsonAsync()).GetProperty("state").GetString(), Is.EqualTo("revoked"));
        using (var twice = await _staff.DeleteAsync($"/api/invitations/{id}"))
            await twice.ProblemAsync(HttpStatusCode.Conflict);

        var codes = await CreateAsync(_staff, new { node = "node-gracia", count = 3, batch = "to-revoke-all" });
        using (var revoke = await _staff.PostJsonAsync("/api/invitations/revoke", new { batch = "to-revoke-all" }))
            Assert.That((await revoke.JsonAsync()).GetProperty("revoked").GetInt32(), Is.EqualTo(3));
        foreach (var code in codes)
        {
            using var join = await JoinAsync(_anonymous, code, "Too Late");
            Assert.That(await join.ProblemAsync(HttpStatusCode.Gone), Does.Contain("withdrawn"));
        }
        var audit = await _farm.Services.GetRequiredService<IFarmStore>().Reader.ListAuditAsync("invitation-batch:to-revoke-all", 10);
        Assert.That(audit.Select(a => a.Action), Does.Contain("invitation.revoked"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TwoJoinsAtOnce_WithOneCode_ExactlyOneWins()
    {
        for (var round = 0; round < 5; round++)
        {
            var code = (await CreateAsync(_staff, new { node = "node-poblenou" })).Single();
            var tasks = Enumerable.Range(0, 6).Select(async i =>
            {
                using var client = _farm.Client();
                using var response = await JoinAsync(client, code, $"Racer {round}-{i}");
                return response.StatusCode;
            }).ToList();
            var statuses = await Task.WhenAll(tasks);
            Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", statuses));
            Assert.That(statuses.Count(s => s == HttpStatusCode.Gone), Is.EqualTo(5), string.Join(", ", statuses));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task JoinedKey_IsBoundToTheInvitationsNode()
    {
        var code = (await CreateAsync(_staff, new { node = "node-gracia" })).Single();
        using var joined = await JoinAsync(_anonymous, code, "Núria Vidal");
        var body = await joined.JsonAsync();
        Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        Assert.That(body.GetProperty("owner").GetString(), Is.EqualTo("nuria-vidal"));
        using var maker = _farm.Client(body.GetProperty("key").GetString());
        var me = await maker.GetJsonAsync("/api/me");
        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("maker"));
            Assert.That(me.GetProperty("node").GetString(), Is.EqualTo("node-gracia"));
        });
        using (var elsewhere = await maker.PostJsonAsync("/api/printers", new { preset = "ender-3", node = "node-poblenou" }))
            Assert.That(await elsewhere.ProblemAsync(HttpStatusCode.Forbidden), Does.Contain("node-gracia"));
        using (var own = await maker.PostJsonAsync("/api/printers", new { preset = "ender-3" }))
        {
            var printer = await own.JsonAsync();
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Created), printer.ToString());
            Assert.That(printer.GetProperty("node").GetString(), Is.EqualTo("node-gracia"));
        }
        var audit = await _farm.Services.GetRequiredService<IFarmStore>().Reader.ListAuditAsync($"apikey:{body.GetProperty("keyId").GetInt64()}", 10);
        Assert.That(audit.Single().Details, Does.Contain("node node-gracia"));
    }

    [TestCase("not json at all")]
    [TestCase("[]")]
    [TestCase("{\"code\": 5, \"displayName\": \"x\", \"acceptTerms\": true}")]
    [TestCase("{}")]
    [TestCase("{\"code\": \"KKKK-KKKK\", \"displayName\": \"Anna\"}")]
    [TestCase("{\"code\": \"KKKK-KKKK\", \"displayName\": \"Anna\", \"acceptTerms\": false}")]
    [TestCase("{\"code\": \"KKKK-KKKK\", \"displayName\": \"\", \"acceptTerms\": true}")]
    [TestCase("{\"code\": \"KKKK-KKKK\", \"displayName\": \"Anna\u202e\", \"acceptTerms\": true}")]
    [CancelAfter(30_000)]
    public async Task Join_JunkBody_Is400(string json)
    {
        using var response = await _anonymous.PostRawAsync("/api/join", json);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [TestCase("not json")]
    [TestCase("{\"node\": \"node-nowhere\"}")]
    [TestCase("{\"node\": \"node-gracia\", \"count\": 0}")]
    [TestCase("{\"node\": \"node-gracia\", \"count\": 1001}")]
    [TestCase("{\"node\": \"node-gracia\", \"expiresInHours\": 100000}")]
    [TestCase("{\"count\": 3}")]
    [TestCase("{\"node\": \"node-gracia\", \"count\": \"many\"}")]
    [CancelAfter(30_000)]
    public async Task Create_JunkBody_Is400(string json)
    {
        using var response = await _staff.PostRawAsync("/api/invitations", json);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Invitations_AreStaffOnly()
    {
        using var viewer = _farm.Client(await _farm.CreateKeyAsync("viewer", "screen"));
        using var response = await viewer.PostJsonAsync("/api/invitations", new { node = "node-gracia" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var anonymous = await _anonymous.GetAsync("/api/invitations");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
