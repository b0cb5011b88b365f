using System.Net;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>Issue 12, finding 7: leftovers and leaks.</summary>
public sealed class LeftoversTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Test]
    public Task Start_PartFilesFromAnEarlierRun_RemovedAndFilesPrivate() => HardLimit.RunAsync(Limit, async () =>
    {
        var data = Directory.CreateTempSubdirectory("printfarm-leftovers-").FullName;
        Directory.CreateDirectory(Path.Combine(data, "uploads"));
        var stale = Path.Combine(data, "uploads", "killed.part");
        await File.WriteAllTextAsync(stale, "G1 X1");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);

        await using var farm = await TestFarm.StartAsync(dataDirectory: data);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(stale), Is.False, "the killed upload's part file");
            Assert.That(File.GetUnixFileMode(data), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(Path.Combine(data, SqliteFarmStore.FileName)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            var wal = Path.Combine(data, SqliteFarmStore.FileName + "-wal");
            if (File.Exists(wal))
                Assert.That(File.GetUnixFileMode(wal), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    });

    [Test]
    public Task Healthz_WithoutKey_SaysOnlyOkAndDashboardHasSecurityHeaders() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync();
        using var anonymous = farm.Client();
        using var health = await anonymous.GetAsync("/healthz");
        var text = await health.Content.ReadAsStringAsync();
        using var dashboard = await anonymous.GetAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Is.EqualTo("""{"status":"ok"}"""));
            Assert.That(text, Does.Not.Contain(farm.DataDirectory));
            Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(dashboard.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"));
            Assert.That(dashboard.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(dashboard.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(dashboard.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        });
    });

    [TestCase("lab\u202E1")]
    [TestCase("lab\u20661")]
    public Task Register_PrinterIdWithBidirectionalControl_400AndNothingStored(string id) => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync();
        using var admin = farm.Admin();
        using var response = await admin.PostJsonAsync("/api/printers", new { id, site = "lab", address = "/dev/ttyUSB0", bedXMm = 200, bedYMm = 200, material = "PLA", profile = "marlin" });
        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await admin.TotalAsync("/api/printers"), Is.Zero);
    });

    [Test]
    public Task Upload_UnreadableFile_ErrorNamesTheFileNotTheServersPath() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync();
        using var admin = farm.Admin();
        using (var made = await admin.PostJsonAsync("/api/designs", new { id = "d", name = "D", licence = "MIT", sourceUrl = "https://example.org/d" }))
            Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        byte[] broken = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5];
        using var response = await admin.PostAsync("/api/designs/d/variants", Multipart.File("broken.gcode.gz", broken,
            new Dictionary<string, string> { ["name"] = "v", ["profile"] = "marlin", ["material"] = "PLA", ["minBedXMm"] = "200", ["minBedYMm"] = "200" }));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem, Does.Not.Contain(farm.DataDirectory).And.Not.Contain(".part").And.Not.Contain("/tmp"));
    });
}
