using System.Net;
using System.Text;
using System.Text.Json;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>
/// Issue 12, finding 1, through the API: staff upload <c>shared-part.gcode</c> (approved); a maker uploads other content
/// under the same name; staff's demand for the design prints only staff's file.
/// </summary>
[TestFixture(TrustStore.Sqlite)]
[TestFixture(TrustStore.Postgres)]
public sealed class DesignIntegrityApiTests(string store)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Test]
    public Task MakerUpload_SameNameAsApprovedStaffDesign_AddsNoVariantToItAndOnlyStaffsFilePrints() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0, FarmConfigs.Printer("lab-1", autoClearBed: true, timeScale: 500)),
            TrustStore.Overrides(store));
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var maker = farm.Client(await farm.CreateKeyAsync("maker", "joan", owner: "joan"));
        using var registered = await maker.PostJsonAsync("/api/printers", new
        {
            id = "joan-mk3s", site = "home-joan", link = "agent", address = "pi-joan", bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        // A file this farm does not have yet and whose objects name no design of it: the ear saver's MK3S G-code is its
        // ear-saver/mk3s-pla variant already (an upload of it would be that variant), so its object labels are taken out.
        var sample = Encoding.ASCII.GetBytes(string.Join('\n', Encoding.ASCII.GetString(Multipart.Sample("ear-saver/mk3s_pla.gcode"))
            .Split('\n').Where(line => !line.Contains("printing object", StringComparison.Ordinal))));
        var makers = sample.Concat(Encoding.ASCII.GetBytes("\nM104 S300\nG1 X20 Y20 F3000\n")).ToArray();

        using var staffUpload = await staff.PostAsync("/api/files/local", Multipart.File("shared-part.gcode", sample));
        using var makerUpload = await maker.PostAsync("/api/files/local", Multipart.File("shared-part.gcode", makers));
        var staffDesign = await staff.GetJsonAsync("/api/designs/upload-shared-part");
        var makerDesign = await staff.GetJsonAsync("/api/designs/upload-shared-part-joan");

        Assert.Multiple(async () =>
        {
            Assert.That(staffUpload.StatusCode, Is.EqualTo(HttpStatusCode.Created), (await staffUpload.JsonAsync()).ToString());
            Assert.That(makerUpload.StatusCode, Is.EqualTo(HttpStatusCode.Created), (await makerUpload.JsonAsync()).ToString());
            Assert.That(staffDesign.GetProperty("approval").GetString(), Is.EqualTo("approved"));
            Assert.That(Variants(staffDesign).Select(v => v.GetProperty("addedBy").GetString()), Is.EqualTo(new[] { "staff:desk" }), "no variant of the maker's");
            Assert.That(makerDesign.GetProperty("approval").GetString(), Is.EqualTo("pending"));
            Assert.That(makerDesign.GetProperty("owner").GetString(), Is.EqualTo("joan"));
            Assert.That(Variants(makerDesign).Single().GetProperty("approved").GetBoolean(), Is.False);
        });

        var staffVariant = Variants(staffDesign).Single().GetProperty("id").GetString();
        using var demand = await staff.PostJsonAsync("/api/demands", new { requester = "Hospital Clínic", designId = "upload-shared-part", quantity = 3, node = "lab" });
        Assert.That(demand.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await Http.EventuallyAsync(async () => await staff.TotalAsync("/api/jobs?designId=upload-shared-part") >= 3, TimeSpan.FromSeconds(30), "jobs planned");
        var jobs = await staff.GetJsonAsync("/api/jobs?designId=upload-shared-part&limit=100");
        Assert.That(jobs.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("variantId").GetString()).Distinct(), Is.EqualTo(new[] { staffVariant }));
    });

    [Test]
    public Task MakerUpload_TwiceToOwnPendingDesign_AddsVariantsThere() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync(overrides: TrustStore.Overrides(store));
        using var maker = farm.Client(await farm.CreateKeyAsync("maker", "pere", owner: "pere"));
        using var other = farm.Client(await farm.CreateKeyAsync("maker", "marta", owner: "marta"));
        foreach (var (client, id) in new[] { (maker, "pere-1"), (other, "marta-1") })
        {
            using var r = await client.PostJsonAsync("/api/printers", new { id, site = "home", link = "agent", address = "pi-" + id, bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa" });
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var sample = Multipart.Sample("ear-saver/mk3s_pla.gcode");
        using var first = await maker.PostAsync("/api/files/local", Multipart.File("visor.gcode", sample));
        using var second = await maker.PostAsync("/api/files/local", Multipart.File("visor.gcode", [.. sample, .. "\nG1 X5 Y5\n"u8.ToArray()]));
        using var third = await other.PostAsync("/api/files/local", Multipart.File("visor.gcode", [.. sample, .. "\nG1 X6 Y6\n"u8.ToArray()]));
        using var admin = farm.Admin();
        var own = await admin.GetJsonAsync("/api/designs/upload-visor");
        var others = await admin.GetJsonAsync("/api/designs/upload-visor-marta");
        Assert.Multiple(() =>
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode, third.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(Variants(own).Select(v => v.GetProperty("addedBy").GetString()), Is.EqualTo(new[] { "maker:pere", "maker:pere" }));
            Assert.That(Variants(others).Select(v => v.GetProperty("addedBy").GetString()), Is.EqualTo(new[] { "maker:marta" }));
        });
    });

    private static List<JsonElement> Variants(JsonElement design) => design.GetProperty("variants").EnumerateArray().ToList();
}
