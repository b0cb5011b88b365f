using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Octoprint;

/// <summary>
/// Cura's OctoPrint Connection plugin, request for request as <c>DiscoverOctoPrintAction.py</c> and
/// <c>OctoPrintOutputDevice.py</c> send them, checked on the fields the plugin reads (it indexes most of them directly,
/// so a missing one stops it): the key test is <c>GET /api/settings</c> (200 accepted, 401 refused); then
/// <c>/api/version</c>, a passive <c>POST /api/login</c> and <c>/api/printerprofiles</c>; then <c>/api/printer</c> and
/// <c>/api/job</c>, polled; an upload is a form with <c>path</c>, <c>file</c>, <c>select</c> and <c>print</c>, whose
/// <c>Location</c> the plugin splits after <c>api/</c> to reach the file again.
/// </summary>
public sealed class CuraTests
{
    private static readonly string[] PrinterFlags = ["error", "closedOrError", "paused", "pausing", "printing", "cancelling", "ready", "operational"];

    private TestFarm _farm = null!;
    private string _key = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await SlicerFarm.StartAsync();
        _key = await _farm.CreateKeyAsync("staff", "cura-desk");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _farm.DisposeAsync();

    private HttpClient Cura(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(_farm.Address, "/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Cura/5.9.0 OctoPrintPlugin/3.7.3");
        return client;
    }

    [TestCase("not-a-key", HttpStatusCode.Unauthorized)]
    [TestCase(null, HttpStatusCode.OK)]
    [CancelAfter(30_000)]
    public async Task KeyTest_Settings_AcceptsOnlyAValidKey(string? key, HttpStatusCode expected)
    {
        using var cura = Cura(key ?? _key);
        using var settings = await cura.GetAsync("api/settings");
        Assert.That(settings.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Discovery_TheWholeSequence_GivesEveryFieldThePluginReads()
    {
        using var cura = Cura(_key);
        var settings = await cura.GetJsonAsync("api/settings");
        var version = await cura.GetJsonAsync("api/version");
        using var login = await cura.PostAsync("api/login", new StringContent("{\"passive\": true}", Encoding.UTF8, "application/json"));
        var user = await login.JsonAsync();
        var profiles = await cura.GetJsonAsync("api/printerprofiles");
        var printer = await cura.GetJsonAsync("api/printer");
        var job = await cura.GetJsonAsync("api/job");
        var files = await cura.GetJsonAsync("api/files");
        var connection = await cura.GetJsonAsync("api/connection");

        var current = profiles.GetProperty("profiles").EnumerateObject().Select(p => p.Value).Where(p => p.GetProperty("current").GetBoolean()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(settings.GetProperty("feature").GetProperty("sdSupport").GetBoolean(), Is.False);
            Assert.That(settings.GetProperty("webcam").GetProperty("streamUrl").GetString(), Is.Empty, "no camera");
            Assert.That(settings.GetProperty("plugins").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(settings.GetProperty("api").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(settings.GetProperty("gcodeAnalysis").GetProperty("runAt").GetString(), Is.Not.EqualTo("idle"), "nothing to wait for");
            Assert.That(version.GetProperty("server").GetString(), Does.Match(@"^1\.\d+\.\d+$"));
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(user.GetProperty("name").GetString(), Is.EqualTo("cura-desk"));
            Assert.That(profiles.GetProperty("profiles").EnumerateObject().Count(), Is.EqualTo(3), "one profile per printer class");
            Assert.That(current, Has.Count.EqualTo(1));
            Assert.That(current[0].GetProperty("name").GetString(), Is.Not.Empty);
            Assert.That(current[0].GetProperty("model").GetString(), Is.Not.Empty);
            Assert.That(current[0].GetProperty("volume").GetProperty("width").GetDouble(), Is.GreaterThan(0));
            Assert.That(current[0].GetProperty("extruder").GetProperty("nozzleDiameter").GetDouble(), Is.EqualTo(0.4));
            foreach (var flag in PrinterFlags)
                Assert.That(printer.GetProperty("state").GetProperty("flags").GetProperty(flag).ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False), flag);
            Assert.That(printer.GetProperty("temperature").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(job.GetProperty("state").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(job.GetProperty("job").GetProperty("file").GetProperty("name").GetString(), Does.Contain("queued"), "the farm's job line");
            foreach (var field in new[] { "completion", "printTime", "printTimeLeft" })
                Assert.That(job.GetProperty("progress").TryGetProperty(field, out _), Is.True, field);
            Assert.That(files.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()), Does.Contain("ear-saver"));
            Assert.That(connection.GetProperty("current").GetProperty("state").GetString(), Is.EqualTo("Operational").Or.EqualTo("Offline"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task UploadAndPrint_AsCuraSendsIt_PrintsAndTheLocationResolves()
    {
        using var cura = Cura(_key);
        // The plugin refuses to send while the printer it shows is not idle: the farm as a whole takes work once connected.
        await Http.EventuallyAsync(async () =>
        {
            var flags = (await cura.GetJsonAsync("api/printer")).GetProperty("state").GetProperty("flags");
            return flags.GetProperty("ready").GetBoolean() && !flags.GetProperty("printing").GetBoolean() && !flags.GetProperty("error").GetBoolean();
        }, TimeSpan.FromSeconds(30), "the farm is idle to Cura");

        var form = new MultipartFormDataContent();
        form.Add(Part("", "text/plain"), "path");
        var file = new ByteArrayContent(Multipart.Sample("ear-saver/ender3_pla.gcode"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "CE3_ear-saver.gcode");
        form.Add(Part("true", "text/plain"), "select");
        form.Add(Part("true", "text/plain"), "print");
        using var upload = await cura.PostAsync("api/files/local", form);
        var body = await SlicerFarm.CreatedAsync(upload);

        var location = upload.Headers.Location!.ToString();
        var endPoint = location.Split("api/", 2)[1];
        var resolved = await cura.GetJsonAsync("api/" + endPoint);
        var job = await SlicerFarm.CompletedAsync(cura, body.GetProperty("jobIds")[0].GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(endPoint, Does.StartWith("files/local/"));
            Assert.That(resolved.GetProperty("hash").GetString(), Is.Not.Empty);
            Assert.That(resolved.GetProperty("variantId").GetString(), Is.EqualTo(body.GetProperty("variantId").GetString()));
            Assert.That(job.GetProperty("printerId").GetString(), Is.EqualTo("lab-ender"), "printer_model = ENDER3: the Marlin printer");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task QueueThenSelect_TheFileCommand_QueuesAPlate()
    {
        using var cura = Cura(_key);
        var form = new MultipartFormDataContent();
        form.Add(Part("", "text/plain"), "path");
        var file = new ByteArrayContent(Multipart.Sample("ear-saver/mk3s_pla.gcode"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "queued.gcode");
        using var upload = await cura.PostAsync("api/files/local", form);
        var body = await SlicerFarm.CreatedAsync(upload);
        var endPoint = upload.Headers.Location!.ToString().Split("api/", 2)[1];
        using var select = await cura.PostAsync("api/" + endPoint, new StringContent("{\"command\": \"select\", \"print\": true}", Encoding.UTF8, "application/json"));
        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("jobIds").GetArrayLength(), Is.Zero, "no print asked with the upload");
            Assert.That(select.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await select.Content.ReadAsStringAsync());
            Assert.That(await cura.TotalAsync($"/api/jobs?designId={body.GetProperty("designId").GetString()}"), Is.GreaterThanOrEqualTo(1));
        });
    }

    private static StringContent Part(string value, string type)
    {
        var part = new StringContent(value, Encoding.UTF8);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        return part;
    }
}
