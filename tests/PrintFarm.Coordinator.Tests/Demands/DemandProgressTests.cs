using System.Net;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Demands;

/// <summary>A demand's progress and forecast over HTTP, and the requester view of the ledger.</summary>
public sealed class DemandProgressTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync("""{ "nodes": { "node-gracia": { "name": "Punt de recollida Gràcia" } }, "requesters": { "Residencia Sant Andreu": { "kind": "care-home" } } }""");
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
    [CancelAfter(30_000)]
    public async Task Demand_and_requester_view_show_what_is_needed_and_that_it_will_miss_with_no_printer(CancellationToken cancellationToken)
    {
        using var created = await _staff.PostJsonAsync("/api/demands",
            new { requester = "Residencia Sant Andreu", requesterKind = "care-home", designId = "ear-saver", quantity = 30, neededBy = DateTimeOffset.UtcNow.AddHours(1), node = "node-gracia" });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();

        var demand = await _staff.GetJsonAsync($"/api/demands/{id}");
        var progress = demand.GetProperty("progress");
        var listed = (await _staff.GetJsonAsync("/api/demands?requester=Residencia%20Sant%20Andreu")).GetProperty("items")[0].GetProperty("progress");
        var view = await _staff.GetJsonAsync("/api/ledger?by=requester");
        var line = view.GetProperty("requesters").EnumerateArray().Single(r => r.GetProperty("requester").GetString() == "Residencia Sant Andreu");
        using var bad = await _staff.GetAsync("/api/ledger?by=colour", cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(progress.GetProperty("stillNeeded").GetInt64(), Is.EqualTo(30));
            Assert.That(progress.GetProperty("inProgress").GetInt64(), Is.Zero);
            Assert.That(progress.GetProperty("eta").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "no printer can print it");
            Assert.That(progress.GetProperty("willMissNeededBy").GetBoolean(), Is.True);
            Assert.That(listed.GetProperty("stillNeeded").GetInt64(), Is.EqualTo(30));
            Assert.That((line.GetProperty("designId").GetString(), line.GetProperty("requested").GetInt64(), line.GetProperty("stillNeeded").GetInt64()),
                Is.EqualTo(("ear-saver", 30L, 30L)));
            Assert.That(line.GetProperty("willMissNeededBy").GetBoolean(), Is.True);
            Assert.That(view.GetProperty("stock").GetArrayLength(), Is.Zero);
            Assert.That(await bad.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("requester"));
        });
    }
}
