using System.Net;
using PrintFarm.Coordinator.Tests.Auth;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Octoprint;

/// <summary>The OctoPrint-compatible subset, with the exact shapes PrusaSlicer checks (design/PROTOCOL.md).</summary>
public sealed class OctoprintTests
{
    private TestFarm _farm = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _farm = await TestFarm.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _farm.DisposeAsync();

    [Test]
    public async Task Version_answers_as_octoprint_so_slicers_accept_it()
    {
        var version = await _farm.Admin().GetJsonAsync("/api/version");
        Assert.Multiple(() =>
        {
            Assert.That(version.GetProperty("api").GetString(), Is.EqualTo("0.1"));
            Assert.That(version.GetProperty("server").GetString(), Does.Match(@"^1\.\d+\.\d+$"));
            Assert.That(version.GetProperty("text").GetString(), Does.StartWith("OctoPrint "));
        });
    }

    [Test]
    public async Task A_slicer_upload_with_print_queues_a_job_on_the_makers_printer_and_job_and_printer_answer()
    {
        var secret = await _farm.CreateKeyAsync("maker", "jordi", owner: "jordi-octo");
        using var maker = _farm.Client(secret);
        using var registered = await maker.PostJsonAsync("/api/printers", new
        {
            id = "jordi-octo-mk3s", site = "home-sants", address = "agent-jordi", bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var upload = await maker.PostAsync("/api/files/local", Multipart.File("ear saver MK3S.gcode", Multipart.Sample("ear-saver/mk3s_pla.gcode"),
            new Dictionary<string, string> { ["path"] = "", ["print"] = "true", ["select"] = "true" }));
        var body = await upload.JsonAsync();
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var local = body.GetProperty("files").GetProperty("local");
        var jobId = body.GetProperty("jobIds")[0].GetInt64();
        var job = await maker.GetJsonAsync($"/api/jobs/{jobId}");
        var printer = await maker.GetJsonAsync("/api/printer");
        var octoJob = await maker.GetJsonAsync("/api/job?printer=jordi-octo-mk3s");
        Assert.Multiple(() =>
        {
            Assert.That(local.GetProperty("display").GetString(), Is.EqualTo("ear saver MK3S.gcode"));
            Assert.That(local.GetProperty("origin").GetString(), Is.EqualTo("local"));
            Assert.That(local.GetProperty("refs").GetProperty("resource").GetString(), Does.StartWith("http://"));
            Assert.That(job.GetProperty("state").GetString(), Is.EqualTo("queued"));
            Assert.That(printer.GetProperty("state").GetProperty("text").GetString(), Is.EqualTo("Offline"));
            Assert.That(printer.GetProperty("temperature").TryGetProperty("tool0", out _), Is.True);
            Assert.That(octoJob.GetProperty("state").GetString(), Is.EqualTo("Offline"));
            Assert.That(octoJob.GetProperty("progress").TryGetProperty("completion", out _), Is.True);
        });
    }

    [Test]
    public async Task A_per_printer_key_names_its_printer()
    {
        using var staff = _farm.Client(await _farm.CreateKeyAsync("staff", "desk"));
        using var r = await staff.PostJsonAsync("/api/printers", AuthTests.Printer("keyed-printer", "lab"));
        using var slicer = _farm.Client(await _farm.CreateKeyAsync("staff", "prusaslicer", printerId: "keyed-printer"));
        var printer = await slicer.GetJsonAsync("/api/printer");
        var list = await slicer.GetJsonAsync("/api/printers");
        Assert.Multiple(() =>
        {
            Assert.That(printer.GetProperty("state").GetProperty("text").GetString(), Is.EqualTo("Offline"));
            Assert.That(list.GetProperty("total").GetInt64(), Is.EqualTo(1));
        });
    }

    [TestCase(null)]
    [TestCase("not-a-key")]
    [CancelAfter(30_000)]
    public async Task Version_WithoutAValidKey_Is401(string? key)
    {
        using var client = _farm.Client(key);
        using var response = await client.GetAsync("/api/version");
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("/api/job")]
    [TestCase("/api/printer")]
    [TestCase("/api/connection")]
    [CancelAfter(30_000)]
    public async Task WithoutANamedPrinter_StatusRoutes_AnswerForTheFarm(string route)
    {
        using var staff = _farm.Client(await _farm.CreateKeyAsync("staff", "desk2-" + route.Replace("/", "-", StringComparison.Ordinal)));
        using var response = await staff.GetAsync(route);
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
    }

    [Test]
    public async Task A_traversal_path_or_name_is_refused()
    {
        using var admin = _farm.Admin();
        using var byName = await admin.PostAsync("/api/files/local", Multipart.File("../../etc/cron.gcode", "G1 X1 E1\n"u8.ToArray()));
        using var byPath = await admin.PostAsync("/api/files/local", Multipart.File("ok.gcode", Multipart.Sample("ear-saver/mk3s_pla.gcode"),
            new Dictionary<string, string> { ["path"] = "../../etc" }));
        Assert.Multiple(async () =>
        {
            await byName.ProblemAsync(HttpStatusCode.BadRequest);
            await byPath.ProblemAsync(HttpStatusCode.BadRequest);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Upload_AFileOfAWithdrawnDesign_Is409ForStaffToo()
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0));
        using var admin = farm.Admin();
        using var withdraw = await admin.PatchAsync("/api/designs/ear-saver",
            new StringContent("{\"approval\": \"withdrawn\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(withdraw.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdraw.Content.ReadAsStringAsync());
        using var upload = await admin.PostAsync("/api/files/local", Multipart.File("again.gcode", Multipart.Sample("ear-saver/mk3s_pla.gcode")));
        Assert.That(await upload.ProblemAsync(HttpStatusCode.Conflict), Does.Contain("withdrew"));
        using var design = await admin.GetAsync("/api/designs/upload-again");
        Assert.That(design.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
