using System.Net;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Octoprint;

/// <summary>Known work is recognised, and the farm's files are OctoPrint's local storage: listed, resolved and removed.</summary>
public sealed class OctoprintFilesTests
{
    private TestFarm _farm = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _farm = await SlicerFarm.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _farm.DisposeAsync();

    [Test]
    [CancelAfter(120_000)]
    public async Task Upload_AFileTheFarmHas_IsThatVariantAndPrints()
    {
        using var staff = _farm.Client(await _farm.CreateKeyAsync("staff", "known-desk"));
        using var upload = await staff.PostAsync("/api/files/local", Multipart.File("mk3s_pla.gcode", Multipart.Sample("ear-saver/mk3s_pla.gcode"),
            new Dictionary<string, string> { ["print"] = "true", ["path"] = "" }));
        var body = await SlicerFarm.CreatedAsync(upload);
        using var newDesign = await staff.GetAsync("/api/designs/upload-mk3s-pla");
        var job = await SlicerFarm.CompletedAsync(staff, body.GetProperty("jobIds")[0].GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("known").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("variantId").GetString(), Is.EqualTo("ear-saver/mk3s-pla"));
            Assert.That(body.GetProperty("files").GetProperty("local").GetProperty("path").GetString(), Is.EqualTo("ear-saver/mk3s-pla.gcode"));
            Assert.That(newDesign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no new design named after the file");
            Assert.That(job.GetProperty("printerId").GetString(), Is.EqualTo("lab-mk3s"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Upload_ByAMaker_AnApprovedFileIsThatVariant_AnotherMakersPendingOneIsNot()
    {
        using var anna = _farm.Client(await _farm.CreateKeyAsync("maker", "anna-known", owner: "anna-known"));
        using var pau = _farm.Client(await _farm.CreateKeyAsync("maker", "pau-known", owner: "pau-known"));
        foreach (var (client, id) in new[] { (anna, "anna-known-mk3s"), (pau, "pau-known-mk3s") })
        {
            using var r = await client.PostJsonAsync("/api/printers", new { id, site = "home", link = "agent", address = "pi-" + id, bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa" });
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        byte[] annas = [.. Multipart.Sample("ear-saver/mk3s_pla.gcode"), .. "\nG1 X3 Y3\n"u8.ToArray()];
        using var approved = await anna.PostAsync("/api/files/local", Multipart.File("ear.gcode", Multipart.Sample("ear-saver/mk3s_pla.gcode")));
        using var own = await anna.PostAsync("/api/files/local", Multipart.File("annas.gcode", annas));
        using var copied = await pau.PostAsync("/api/files/local", Multipart.File("annas.gcode", annas));
        var approvedBody = await SlicerFarm.CreatedAsync(approved);
        var ownBody = await SlicerFarm.CreatedAsync(own);
        var copiedBody = await SlicerFarm.CreatedAsync(copied);
        Assert.Multiple(() =>
        {
            Assert.That(approvedBody.GetProperty("known").GetBoolean(), Is.True);
            Assert.That(approvedBody.GetProperty("variantId").GetString(), Is.EqualTo("ear-saver/mk3s-pla"));
            Assert.That(ownBody.GetProperty("known").GetBoolean(), Is.False);
            Assert.That(copiedBody.GetProperty("known").GetBoolean(), Is.False, "another maker's pending file is not pau's to use");
            Assert.That(copiedBody.GetProperty("designId").GetString(), Is.Not.EqualTo(ownBody.GetProperty("designId").GetString()));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Upload_NewFileOfAKnownObject_JoinsThatDesignForStaffButNotForAMaker()
    {
        using var staff = _farm.Client(await _farm.CreateKeyAsync("staff", "object-desk"));
        var maker = _farm.Client(await _farm.CreateKeyAsync("maker", "object-maker", owner: "object-maker"));
        using var registered = await maker.PostJsonAsync("/api/printers", new
        {
            id = "object-maker-mk3s", site = "home", link = "agent", address = "pi-object-maker", bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        // Re-sliced: other bytes, the same "; printing object ear-saver.stl" labels.
        byte[] resliced = [.. Multipart.Sample("ear-saver/mk3s_pla.gcode"), .. "\nG1 X9 Y9\n"u8.ToArray()];
        using var byStaff = await staff.PostAsync("/api/files/local", Multipart.File("resliced.gcode", resliced));
        byte[] makers = [.. resliced, .. "G1 X8 Y8\n"u8.ToArray()];
        using var byMaker = await maker.PostAsync("/api/files/local", Multipart.File("resliced.gcode", makers));
        var staffBody = await SlicerFarm.CreatedAsync(byStaff);
        var makerBody = await SlicerFarm.CreatedAsync(byMaker);
        var makerDesign = await staff.GetJsonAsync($"/api/designs/{makerBody.GetProperty("designId").GetString()}");
        Assert.Multiple(() =>
        {
            Assert.That(staffBody.GetProperty("designId").GetString(), Is.EqualTo("ear-saver"));
            Assert.That(staffBody.GetProperty("known").GetBoolean(), Is.False);
            Assert.That(makerBody.GetProperty("designId").GetString(), Is.Not.EqualTo("ear-saver"), "a maker adds nothing to an approved design");
            Assert.That(makerDesign.GetProperty("approval").GetString(), Is.EqualTo("pending"));
        });
        maker.Dispose();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Files_ListAndResource_ResolveEveryVariant()
    {
        using var viewer = _farm.Client(await _farm.CreateKeyAsync("viewer", "files-screen"));
        var files = await viewer.GetJsonAsync("/api/files");
        var local = await viewer.GetJsonAsync("/api/files/local");
        var folder = files.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "ear-saver");
        var entry = folder.GetProperty("children").EnumerateArray().Single(f => f.GetProperty("variantId").GetString() == "ear-saver/mk3s-pla");
        var resource = new Uri(entry.GetProperty("refs").GetProperty("resource").GetString()!);
        var resolved = await viewer.GetJsonAsync(resource.AbsolutePath);
        using var missing = await viewer.GetAsync("/api/files/local/ear-saver/no-such.gcode");
        Assert.Multiple(async () =>
        {
            Assert.That(local.GetProperty("files").GetArrayLength(), Is.EqualTo(files.GetProperty("files").GetArrayLength()));
            Assert.That(folder.GetProperty("type").GetString(), Is.EqualTo("folder"));
            Assert.That(entry.GetProperty("type").GetString(), Is.EqualTo("machinecode"));
            Assert.That(entry.GetProperty("size").GetInt64(), Is.EqualTo(679_440));
            Assert.That(resolved.GetProperty("hash").GetString(), Is.EqualTo(entry.GetProperty("hash").GetString()));
            await missing.ProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Delete_AVariantNoJobUsed_RemovesIt_AndOneAJobUsed_Is409()
    {
        using var staff = _farm.Client(await _farm.CreateKeyAsync("staff", "delete-desk"));
        using var upload = await staff.PostAsync("/api/files/local", Multipart.File("to-delete.gcode",
            [.. Multipart.Sample("ear-saver/mk3s_pla.gcode"), .. "\nG1 X7 Y7\n"u8.ToArray()], new Dictionary<string, string> { ["path"] = "" }));
        var path = (await SlicerFarm.CreatedAsync(upload)).GetProperty("files").GetProperty("local").GetProperty("path").GetString();
        using var queued = await staff.PostJsonAsync("/api/jobs", new { variantId = "ear-saver/mk3s-pla", copies = 1, printerId = "lab-mk3s" });
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created), await queued.Content.ReadAsStringAsync());
        using var maker = _farm.Client(await _farm.CreateKeyAsync("maker", "del-maker", owner: "del-maker"));

        using var byMaker = await maker.DeleteAsync($"/api/files/local/{path}");
        using var used = await staff.DeleteAsync("/api/files/local/ear-saver/mk3s-pla.gcode");
        using var removed = await staff.DeleteAsync($"/api/files/local/{path}");
        using var after = await staff.GetAsync($"/api/files/local/{path}");
        Assert.Multiple(async () =>
        {
            await byMaker.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(await used.ProblemAsync(HttpStatusCode.Conflict), Does.Contain("job"));
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await removed.Content.ReadAsStringAsync());
            await after.ProblemAsync(HttpStatusCode.NotFound);
        });
    }
}
