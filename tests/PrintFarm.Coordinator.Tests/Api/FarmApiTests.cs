using System.Net;
using System.Text;
using PrintFarm.Coordinator.Tests.Auth;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Api;

/// <summary>Designs, variants, demands, the ledger and jobs over HTTP, with the bad input every route must refuse.</summary>
public sealed class FarmApiTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync("""{ "nodes": { "n": {}, "node-gracia": { "name": "Punt de recollida Gràcia" } }, "requesters": { "H": { "kind": "other" }, "Hospital Clínic": { "kind": "hospital" } } }""", overrides: new Dictionary<string, string?> { ["MaxUploadMegabytes"] = "1" });
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
        await SampleDesigns.AddEarSaverAsync(_staff);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _farm.DisposeAsync();
    }

    [Test]
    public async Task A_demand_is_created_changed_listed_and_cancelled_and_the_ledger_follows()
    {
        using var created = await _staff.PostJsonAsync("/api/demands",
            new { requester = "Hospital Clínic", designId = "ear-saver", quantity = 12, priority = 3, neededBy = DateTimeOffset.UtcNow.AddDays(2), node = "node-gracia" });
        var demand = await created.JsonAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), demand.ToString());
        var id = demand.GetProperty("id").GetInt64();
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"/api/demands/{id}"));

        using var patched = await _staff.PatchAsync($"/api/demands/{id}", AuthTests.JsonContent("""{ "quantity": 20 }"""));
        var ledger = await _staff.GetJsonAsync("/api/ledger?requester=Hospital%20Cl%C3%ADnic");
        var line = ledger.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("designId").GetString() == "ear-saver");
        var listed = await _staff.GetJsonAsync("/api/demands?requester=Hospital%20Cl%C3%ADnic&state=open");
        using var cancelled = await _staff.DeleteAsync($"/api/demands/{id}");
        var after = await _staff.GetJsonAsync($"/api/demands/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(line.GetProperty("requested").GetInt64(), Is.EqualTo(20));
            Assert.That(line.GetProperty("design").GetString(), Is.EqualTo("Ear saver"));
            Assert.That(listed.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.GetProperty("state").GetString(), Is.EqualTo("cancelled"));
        });
    }

    [TestCase("""{ "requester": "H", "designId": "ear-saver", "quantity": 1, "node": "n" """, TestName = "Malformed JSON")]
    [TestCase("""{ "requester": "H", "designId": "ear-saver", "quantity": "ten", "node": "n" }""", TestName = "A number as text")]
    [TestCase("""{ "requester": "H", "designId": "ear-saver", "node": "n" }""", TestName = "A required field missing")]
    [TestCase("""{ "requester": "H", "designId": "ear-saver", "quantity": 1, "node": "n", "colour": "red" }""", TestName = "An unknown field")]
    [TestCase("""{ "requester": "H", "designId": "ear-saver", "quantity": -5, "node": "n" }""", TestName = "A negative quantity")]
    [TestCase("""{ "requester": "H", "requesterKind": "clinic", "designId": "ear-saver", "quantity": 1, "node": "n" }""", TestName = "An unknown kind")]
    [TestCase("""[1, 2, 3]""", TestName = "An array for an object")]
    [TestCase("", TestName = "No body")]
    public async Task Bad_bodies_get_400_problem_details_and_store_nothing(string json)
    {
        var before = await _staff.TotalAsync("/api/demands");
        using var response = await _staff.PostRawAsync("/api/demands", json);
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(detail, Is.Not.Empty);
            Assert.That(await _staff.TotalAsync("/api/demands"), Is.EqualTo(before));
        });
    }

    [TestCase("/api/printers/no-such-printer")]
    [TestCase("/api/jobs/987654")]
    [TestCase("/api/demands/987654")]
    [TestCase("/api/designs/no-such-design")]
    public async Task Unknown_ids_get_404(string url)
    {
        using var response = await _staff.GetAsync(url);
        Assert.That(await response.ProblemAsync(HttpStatusCode.NotFound), Does.StartWith("unknown"));
    }

    [Test]
    public async Task A_demand_for_an_unknown_design_is_refused()
    {
        using var response = await _staff.PostJsonAsync("/api/demands", new { requester = "H", designId = "nope", quantity = 1, node = "n" });
        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
    }

    [TestCase("/api/printers?limit=0")]
    [TestCase("/api/printers?limit=abc")]
    [TestCase("/api/printers?offset=-1")]
    [TestCase("/api/printers?state=sleeping")]
    [TestCase("/api/jobs?state=queued,flying")]
    public async Task Bad_query_parameters_get_400(string url)
    {
        using var response = await _staff.GetAsync(url);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Lists_page_with_limit_and_offset_and_count_everything()
    {
        for (var i = 0; i < 5; i++)
        {
            using var r = await _staff.PostJsonAsync("/api/printers", AuthTests.Printer($"page-{i}", "paging-lab"));
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var first = await _staff.GetJsonAsync("/api/printers?site=paging-lab&limit=2");
        var last = await _staff.GetJsonAsync("/api/printers?site=paging-lab&limit=2&offset=4");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("total").GetInt64(), Is.EqualTo(5));
            Assert.That(first.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
            Assert.That(last.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(first.GetProperty("items")[0].GetProperty("state").GetString(), Is.EqualTo("offline"));
            Assert.That(first.GetProperty("items")[0].GetProperty("job").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });
    }

    [Test]
    public async Task A_printers_capabilities_and_material_change_by_patch()
    {
        using var r = await _staff.PostJsonAsync("/api/printers", AuthTests.Printer("patch-me", "lab"));
        using var patched = await _staff.PatchAsync("/api/printers/patch-me", AuthTests.JsonContent("""{ "material": "PETG", "nozzleMm": 0.6, "name": "Big nozzle" }"""));
        var printer = await _staff.GetJsonAsync("/api/printers/patch-me");
        using var bad = await _staff.PatchAsync("/api/printers/patch-me", AuthTests.JsonContent("""{ "nozzleMm": -1 }"""));
        Assert.Multiple(async () =>
        {
            Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
            Assert.That(printer.GetProperty("capabilities").GetProperty("material").GetString(), Is.EqualTo("PETG"));
            Assert.That(printer.GetProperty("capabilities").GetProperty("nozzleMm").GetDouble(), Is.EqualTo(0.6));
            Assert.That(printer.GetProperty("name").GetString(), Is.EqualTo("Big nozzle"));
            await bad.ProblemAsync(HttpStatusCode.BadRequest);
        });
    }

    [Test]
    public async Task Staff_queue_stock_directly_and_cancel_a_queued_job()
    {
        using var printer = await _staff.PostJsonAsync("/api/printers", new
        {
            id = "stock-mk3s", site = "stock-lab", address = "agent-stock", bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        Assert.That(printer.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var queued = await _staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 2, priority = 1, site = "stock-lab" });
        var body = await queued.JsonAsync();
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var id = body.GetProperty("items")[0].GetProperty("id").GetInt64();
        var job = await _staff.GetJsonAsync($"/api/jobs/{id}");
        using var cancelled = await _staff.DeleteAsync($"/api/jobs/{id}");
        var after = await _staff.GetJsonAsync($"/api/jobs/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(2), "two copies, one part per plate");
            Assert.That(job.GetProperty("state").GetString(), Is.EqualTo("queued"));
            Assert.That(job.GetProperty("requester").GetString(), Is.EqualTo("stock"));
            Assert.That(job.GetProperty("events").GetArrayLength(), Is.GreaterThan(0));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.GetProperty("state").GetString(), Is.EqualTo("cancelled"));
        });
    }

    [Test]
    public async Task Uploads_that_are_not_gcode_are_refused_and_nothing_is_kept()
    {
        var fields = new Dictionary<string, string> { ["name"] = "junk", ["profile"] = "prusa", ["material"] = "PLA", ["minBedXMm"] = "250", ["minBedYMm"] = "210" };
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        var cases = new (string Name, byte[] Content, string Why)[]
        {
            ("photo.gcode", png, "binary"),
            ("notes.gcode", Encoding.UTF8.GetBytes("Dear lab,\nplease print twenty shields.\nThanks!\n"), "no moves"),
            ("../x.gcode", Encoding.UTF8.GetBytes("G1 X1 Y1 E1\n"), "path traversal"),
            ("shield.stl", Encoding.UTF8.GetBytes("solid x\nendsolid x\n"), "not a G-code name"),
            ("big.gcode", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("G1 X10.000 Y10.000 E0.01000 ; padding padding\n", 30_000))), "over the 1 MB limit"),
        };
        foreach (var (name, content, why) in cases)
        {
            // As curl sends a file: "Expect: 100-continue", so a refusal can come before the body is on the wire
            // (without it, a server that refuses a large body early may close while the client still writes).
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/designs/ear-saver/variants") { Content = Multipart.File(name, content, fields) };
            request.Headers.ExpectContinue = true;
            using var response = await _staff.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.InRange(400, 499), why);
            if (why == "over the 1 MB limit")
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), "refused from its Content-Length");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), why);
        }
        var design = await _staff.GetJsonAsync("/api/designs/ear-saver");
        Assert.Multiple(() =>
        {
            Assert.That(design.GetProperty("variants").GetArrayLength(), Is.EqualTo(1), "only the good variant from the set-up");
            Assert.That(Directory.EnumerateFiles(Path.Combine(_farm.DataDirectory, "uploads")), Is.Empty, "no partial upload is left behind");
        });
    }

    [Test]
    public async Task The_openapi_document_describes_the_routes()
    {
        var doc = await _farm.Client().GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.Multiple(() =>
        {
            Assert.That(paths.TryGetProperty("/api/printers", out _), Is.True);
            Assert.That(paths.TryGetProperty("/api/demands", out _), Is.True);
            Assert.That(paths.TryGetProperty("/api/requesters", out _), Is.True);
            Assert.That(paths.TryGetProperty("/api/files/local", out _), Is.True);
        });
    }

    [Test]
    public async Task Health_reports_the_store()
    {
        var health = await _farm.Admin().GetJsonAsync("/healthz");
        Assert.Multiple(() =>
        {
            Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("healthy"));
            Assert.That(health.GetProperty("store").GetString(), Is.EqualTo("ok"));
        });
    }

    [Test]
    public async Task Metrics_are_in_prometheus_format()
    {
        using var response = await _staff.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Contain("# TYPE printfarm_printers gauge"));
            Assert.That(text, Does.Contain("printfarm_printers{state=\"offline\"}"));
            Assert.That(text, Does.Contain("printfarm_jobs{state=\"queued\"}"));
            Assert.That(text, Does.Contain("printfarm_parts{stage=\"delivered\"}"));
            Assert.That(text, Does.Contain("printfarm_resends_total"));
        });
    }
}
