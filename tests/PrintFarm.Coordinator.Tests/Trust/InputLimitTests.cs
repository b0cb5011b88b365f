using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>
/// Issue 12, finding 6: a 190 MB JSON body was read whole, and a small .gcode.gz expanded without bound. Each limit now
/// answers its 4xx, stores nothing, and the process (the coordinator runs in this test process) grows by less than 64 MB.
/// </summary>
public sealed class InputLimitTests
{
    private const long MaxGrowth = 64L * 1024 * 1024;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Test]
    public Task Patch_190MegabyteJsonBodies_413AndMemoryBounded() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0));
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var created = await staff.PostJsonAsync("/api/demands", new { requester = "Hospital Clínic", designId = "ear-saver", quantity = 5, node = "lab" });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var before = Rss();

        var key = staff.DefaultRequestHeaders.GetValues("X-Api-Key").First();
        var statuses = new List<string>();
        for (var i = 0; i < 3; i++)
            statuses.Add(await RawPatchAsync(farm.Address, $"/api/demands/{id}", key, 190L * 1024 * 1024, chunked: i == 2));
        var grown = Rss() - before;
        var after = await staff.GetJsonAsync($"/api/demands/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.StartWith("HTTP/1.1 413"));
            Assert.That(grown, Is.LessThan(MaxGrowth), $"RSS grew by {grown / (1024 * 1024)} MB");
            Assert.That(after.GetProperty("quantity").GetInt32(), Is.EqualTo(5), "nothing stored");
        });
    });

    [TestCase(1, 64, TestName = "Upload_GzipExpandingFarPastTheCap_400AndMemoryBounded")]
    [TestCase(3, 3, TestName = "Upload_MultiMemberGzipPastTheCapTogether_400AndMemoryBounded")]
    public Task UploadBomb(int members, int megabytesPerMember) => HardLimit.RunAsync(Limit, async () =>
    {
        // Uploads up to 1 MB, expanding to at most 4 x 1 MB.
        await using var farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["MaxUploadMegabytes"] = "1", ["MaxGcodeExpansion"] = "4" });
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using (var made = await staff.PostJsonAsync("/api/designs", new { id = "bomb", name = "Bomb", licence = "MIT", sourceUrl = "https://example.org/b", approval = "approved" }))
            Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var bomb = Gzip(members, megabytesPerMember);
        Assert.That(bomb.Length, Is.LessThan(1024 * 1024), "the compressed file is within the upload limit");
        var fine = Gzip(1, 3);
        var before = Rss();

        using var refused = await staff.PostAsync("/api/designs/bomb/variants", Multipart.File("bomb.gcode.gz", bomb, Fields("big")));
        var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest);
        var grown = Rss() - before;
        using var accepted = await staff.PostAsync("/api/designs/bomb/variants", Multipart.File("fine.gcode.gz", fine, Fields("fine")));
        var design = await staff.GetJsonAsync("/api/designs/bomb");

        Assert.Multiple(() =>
        {
            Assert.That(problem, Does.Contain("expands to more than 4 MB"));
            Assert.That(grown, Is.LessThan(MaxGrowth), $"RSS grew by {grown / (1024 * 1024)} MB");
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), "3 MB in one member is within the cap");
            Assert.That(design.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("id").GetString()), Is.EqualTo(new[] { "bomb/fine" }));
            Assert.That(Directory.GetFiles(Path.Combine(farm.DataDirectory, "uploads")), Is.Empty, "no upload left behind");
        });
    });

    private static Dictionary<string, string> Fields(string name) => new()
    {
        ["name"] = name, ["profile"] = "marlin", ["material"] = "PLA", ["minBedXMm"] = "200", ["minBedYMm"] = "200",
    };

    /// <summary>G-code that prints a small square over and over, as <paramref name="members"/> gzip members of about <paramref name="megabytes"/> MB each.</summary>
    private static byte[] Gzip(int members, int megabytes)
    {
        var line = Encoding.ASCII.GetBytes("G1 X20 Y20 E0.1\nG1 X40 Y20 E0.1\nG1 X40 Y40 E0.1\nG1 X20 Y40 E0.1\n");
        using var output = new MemoryStream();
        for (var m = 0; m < members; m++)
        {
            using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
            gzip.Write("G28\nG1 Z0.2 F3000\nM83\n"u8);
            for (long written = 0; written < megabytes * 1024L * 1024; written += line.Length)
                gzip.Write(line);
        }
        return output.ToArray();
    }

    /// <summary>
    /// Sends a PATCH of <paramref name="size"/> bytes over a raw connection, with a Content-Length or chunked, and
    /// returns the status line: the body is written until the server answers or stops reading, never held whole.
    /// </summary>
    private static async Task<string> RawPatchAsync(Uri address, string path, string key, long size, bool chunked)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var length = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {size}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PATCH {path} HTTP/1.1\r\nHost: {address.Authority}\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\n{length}\r\n\r\n"));
        var reading = ReadStatusLineAsync(stream);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        var header = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        try
        {
            for (long sent = 0; sent < size && !reading.IsCompleted; sent += chunk.Length)
            {
                if (chunked)
                    await stream.WriteAsync(header);
                await stream.WriteAsync(chunk);
                if (chunked)
                    await stream.WriteAsync("\r\n"u8.ToArray());
            }
        }
        catch (IOException)
        {
            // The server stopped reading: its answer is already on the way.
        }
        return await reading.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<string> ReadStatusLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != (byte)'\n')
            line.Append((char)one[0]);
        return line.ToString().TrimEnd('\r');
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
