using System.Net;
using System.Text.Json;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Api;

/// <summary>
/// The whole loop on virtual printers: demand in, jobs planned and dispatched, G-code streamed, completions
/// counted, beds cleared, and all of it visible on the event stream.
/// </summary>
public sealed class LiveFarmTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(12, 4,
            FarmConfigs.Printer("auto-1", autoClearBed: true, timeScale: 300),
            FarmConfigs.Printer("auto-2", autoClearBed: true, timeScale: 300),
            FarmConfigs.Printer("manual-1", autoClearBed: false, timeScale: 300)));
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _farm.DisposeAsync();
    }

    private async Task<JsonElement> LedgerLineAsync(string design) =>
        (await _staff.GetJsonAsync("/api/ledger")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("designId").GetString() == design);

    private async Task<long> PrintedAsync() =>
        (await _staff.GetJsonAsync("/api/ledger")).GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("printed").GetInt64());

    [Test]
    public async Task Jobs_complete_and_the_ledger_counts_printed_parts()
    {
        await Http.EventuallyAsync(async () => (await LedgerLineAsync("ear-saver")).GetProperty("printed").GetInt64() >= 2,
            TimeSpan.FromSeconds(120), "two ear savers printed and counted");
        var completed = await _staff.GetJsonAsync("/api/jobs?state=completed");
        var job = completed.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(job.GetProperty("progress").GetDouble(), Is.EqualTo(1));
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That((long)(job.GetProperty("goodParts").ValueKind == JsonValueKind.Number ? job.GetProperty("goodParts").GetInt32() : -1), Is.AnyOf(1L, -1L));
        });
    }

    [Test]
    public async Task A_printer_without_auto_clear_waits_for_its_bed_to_be_cleared()
    {
        // Coming online, nobody has looked at the bed yet: nothing prints until someone clears it.
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync("/api/printers/manual-1")).GetProperty("state").GetString() == "needs-bed-clear",
            TimeSpan.FromSeconds(30), "manual-1 online, waiting for a bed check");
        using (var first = await _staff.PostJsonAsync("/api/printers/manual-1/actions/clear-bed", new { goodParts = 0 }))
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync("/api/printers/manual-1")).GetProperty("state").GetString() == "needs-bed-clear"
                                               && (await _staff.GetJsonAsync("/api/printers/manual-1")).GetProperty("bedJobId").ValueKind == JsonValueKind.Number,
            TimeSpan.FromSeconds(120), "manual-1 finished a plate and waits");
        var printedBefore = await PrintedAsync();
        using var tooMany = await _staff.PostJsonAsync("/api/printers/manual-1/actions/clear-bed", new { goodParts = 5 });
        using var cleared = await _staff.PostJsonAsync("/api/printers/manual-1/actions/clear-bed", new { goodParts = 1 });
        var printer = await cleared.JsonAsync();
        Assert.Multiple(async () =>
        {
            await tooMany.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK), printer.ToString());
            Assert.That(printer.GetProperty("state").GetString(), Is.AnyOf("ready", "printing"));
            Assert.That(await PrintedAsync(), Is.GreaterThanOrEqualTo(printedBefore + 1));
        });
    }

    [Test]
    public async Task The_event_stream_shows_progress_moving_and_resumes_after_the_last_id()
    {
        using var client = _farm.Client(_farm.AdminKey);
        client.Timeout = Timeout.InfiniteTimeSpan;
        var seen = await SseReader.ReadAsync(client, "/api/events", null, e => e.Type == "progress", count: 5, TimeSpan.FromSeconds(60));
        var progress = seen.Where(e => e.Type == "progress").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.That(progress, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(progress[0].GetProperty("printerId").GetString(), Is.Not.Empty);

        var resumeAfter = seen[1].Id;
        var resumed = await SseReader.ReadAsync(client, "/api/events", resumeAfter, _ => true, count: 3, TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(resumed[0].Id, Is.EqualTo(resumeAfter + 1), "resumes right after the last id it saw");
            Assert.That(resumed.Select(e => e.Id), Is.Ordered.Ascending);
            Assert.That(resumed.Select(e => e.Id), Is.Unique);
        });
    }

    [Test]
    public async Task The_stream_filters_by_printer()
    {
        using var client = _farm.Client(_farm.AdminKey);
        client.Timeout = Timeout.InfiniteTimeSpan;
        var seen = await SseReader.ReadAsync(client, "/api/events?printerId=auto-2", null, e => e.Type == "progress", count: 3, TimeSpan.FromSeconds(60));
        Assert.That(seen.Where(e => e.Type is "progress" or "printer").Select(e => JsonDocument.Parse(e.Data).RootElement.TryGetProperty("printerId", out var p) ? p.GetString() : JsonDocument.Parse(e.Data).RootElement.GetProperty("id").GetString()),
            Is.All.EqualTo("auto-2"));
    }

    [Test]
    public async Task A_node_collects_checks_and_delivers_parts_and_the_ledger_follows_each_step()
    {
        await Http.EventuallyAsync(async () => (await LedgerLineAsync("ear-saver")).GetProperty("printed").GetInt64() >= 2,
            TimeSpan.FromSeconds(120), "two ear savers printed");
        object Step(int count) => new { designId = "ear-saver", requester = "Hospital del Mar", count };
        using var tooMany = await _staff.PostJsonAsync("/api/nodes/node-poblenou/collected", Step(10_000));
        using var collected = await _staff.PostJsonAsync("/api/nodes/node-poblenou/collected", Step(2));
        using var passed = await _staff.PostJsonAsync("/api/nodes/node-poblenou/passed", Step(1));
        using var rejected = await _staff.PostJsonAsync("/api/nodes/node-poblenou/rejected", Step(1));
        using var delivered = await _staff.PostJsonAsync("/api/nodes/node-poblenou/delivered", Step(1));
        using var unknownStep = await _staff.PostJsonAsync("/api/nodes/node-poblenou/lost", Step(1));
        var line = await LedgerLineAsync("ear-saver");
        var nodes = await _staff.GetJsonAsync("/api/nodes");
        Assert.Multiple(async () =>
        {
            await tooMany.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(collected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await collected.Content.ReadAsStringAsync());
            Assert.That(passed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await passed.Content.ReadAsStringAsync());
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rejected.Content.ReadAsStringAsync());
            Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await delivered.Content.ReadAsStringAsync());
            await unknownStep.ProblemAsync(HttpStatusCode.NotFound);
            Assert.That(line.GetProperty("delivered").GetInt64(), Is.EqualTo(1));
            Assert.That(line.GetProperty("rejected").GetInt64(), Is.EqualTo(1));
            Assert.That(nodes.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("node").GetString()), Does.Contain("node-poblenou"));
        });
    }
}
