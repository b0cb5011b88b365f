using System.Net;
using System.Net.Http.Headers;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Octoprint;

/// <summary>
/// PrusaSlicer's (and OrcaSlicer's) OctoPrint host, request for request as its <c>OctoPrint.cpp</c> sends them: "Test"
/// is <c>GET /api/version</c> with <c>X-Api-Key</c>, failing on any HTTP error, on a reply without <c>api</c>, or on a
/// <c>text</c> that does not start with "OctoPrint"; an upload repeats that test, then posts a form with <c>print</c>,
/// <c>path</c> (the folder typed in the upload dialog) and <c>file</c>, in that order, and reads only the status.
/// </summary>
public sealed class PrusaSlicerTests
{
    private TestFarm _farm = null!;
    private string _staffKey = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await SlicerFarm.StartAsync();
        _staffKey = await _farm.CreateKeyAsync("staff", "prusaslicer-desk");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _farm.DisposeAsync();

    /// <summary>The test as PrusaSlicer judges it: true when the host is accepted.</summary>
    private static async Task<bool> TestAsync(HttpClient client)
    {
        using var response = await client.GetAsync("api/version");
        if ((int)response.StatusCode >= 400)
            return false;
        var body = await response.JsonAsync();
        return body.TryGetProperty("api", out _)
               && (!body.TryGetProperty("text", out var text) || text.GetString()!.StartsWith("OctoPrint", StringComparison.Ordinal));
    }

    private HttpClient Slicer(string? key)
    {
        var client = new HttpClient { BaseAddress = _farm.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key ?? "");
        return client;
    }

    [TestCase("not-a-key", false)]
    [TestCase("", false)]
    [TestCase("pf_0000000000000000000000000000000000000000", false)]
    [TestCase(null, true)]
    [CancelAfter(30_000)]
    public async Task Test_WithKey_PassesOnlyForAValidKey(string? key, bool passes)
    {
        using var client = Slicer(key ?? _staffKey);
        Assert.That(await TestAsync(client), Is.EqualTo(passes));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task UploadAndPrint_StaffKey_PrintsOnTheFittingPrinter()
    {
        using var client = Slicer(_staffKey);
        Assert.That(await TestAsync(client), Is.True, "the upload starts with the test");
        var form = new MultipartFormDataContent
        {
            { new StringContent("true"), "print" },
            // "ear-saver/" typed before the name in the upload dialog: PrusaSlicer sends it as the folder.
            { new StringContent("ear-saver"), "path" },
        };
        var file = new ByteArrayContent(Multipart.Sample("ear-saver/voron24_petg.gcode"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "ear-saver_0.2mm_PET_Voron_18m.gcode");
        using var upload = await client.PostAsync("api/files/local", form);
        var body = await SlicerFarm.CreatedAsync(upload);

        var job = await SlicerFarm.CompletedAsync(client, body.GetProperty("jobIds")[0].GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(job.GetProperty("printerId").GetString(), Is.EqualTo("lab-voron"), "PET filament and a Voron: the Klipper printer with PETG");
            Assert.That(body.GetProperty("designId").GetString(), Is.EqualTo("ear-saver"), "the folder names a design the farm has");
            Assert.That(body.GetProperty("known").GetBoolean(), Is.False);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Upload_WithAWrongKey_IsRefusedAndStoresNothing()
    {
        using var client = Slicer("not-a-key");
        using var form = Multipart.File("stray.gcode", Multipart.Sample("ear-saver/ender3_pla.gcode"), new Dictionary<string, string> { ["print"] = "false", ["path"] = "" });
        using var upload = await client.PostAsync("api/files/local", form);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var admin = _farm.Admin();
        using var design = await admin.GetAsync("/api/designs/upload-stray");
        Assert.That(design.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
