using System.Net;
using PrintFarm.Coordinator.Tests.Auth;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Printers;

/// <summary>Pause, resume, cancel, emergency stop and maintenance on printers that are really printing (virtual boards).</summary>
public sealed class PrinterActionTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Face shields at 20x real time: a plate takes about six minutes, long enough to act on.
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 3,
            FarmConfigs.Printer("slow-1", autoClearBed: true, timeScale: 20),
            FarmConfigs.Printer("slow-2", autoClearBed: true, timeScale: 20),
            FarmConfigs.Printer("slow-3", autoClearBed: true, timeScale: 20)));
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _farm.DisposeAsync();
    }

    private async Task<System.Text.Json.JsonElement> PrinterAsync(string id) => await _staff.GetJsonAsync($"/api/printers/{id}");

    private async Task<double> ProgressAsync(string id) => (await PrinterAsync(id)).GetProperty("job") is { ValueKind: System.Text.Json.JsonValueKind.Object } job
        ? job.GetProperty("progress").GetDouble() : -1;

    private Task PrintingAsync(string id) => Http.EventuallyAsync(async () => await ProgressAsync(id) > 0.001, TimeSpan.FromSeconds(60), $"{id} printing");

    [Test]
    public async Task Pause_holds_the_print_and_resume_continues_it()
    {
        await PrintingAsync("slow-1");
        using var paused = await _staff.PostJsonAsync("/api/printers/slow-1/actions/pause", new { });
        Assert.That(paused.StatusCode, Is.EqualTo(HttpStatusCode.OK), await paused.Content.ReadAsStringAsync());
        var jobId = (await PrinterAsync("slow-1")).GetProperty("job").GetProperty("id").GetInt64();
        await Task.Delay(1500);
        var held = await ProgressAsync("slow-1");
        await Task.Delay(2000);
        var stillHeld = await ProgressAsync("slow-1");
        var job = await _staff.GetJsonAsync($"/api/jobs/{jobId}");
        using var again = await _staff.PostJsonAsync("/api/printers/slow-1/actions/pause", new { });
        using var resumed = await _staff.PostJsonAsync("/api/printers/slow-1/actions/resume", new { });
        await Http.EventuallyAsync(async () => await ProgressAsync("slow-1") > stillHeld, TimeSpan.FromSeconds(30), "progress moves again after resume");
        Assert.Multiple(async () =>
        {
            Assert.That((await paused.JsonAsync()).GetProperty("state").GetString(), Is.EqualTo("paused"));
            Assert.That(stillHeld, Is.EqualTo(held).Within(0.002), "a paused print does not advance");
            Assert.That(job.GetProperty("state").GetString(), Is.EqualTo("paused"));
            await again.ProblemAsync(HttpStatusCode.Conflict);
            Assert.That(resumed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await PrinterAsync("slow-1")).GetProperty("state").GetString(), Is.EqualTo("printing"));
        });
    }

    [Test]
    public async Task Cancel_stops_the_print_records_the_job_cancelled_and_the_bed_is_checked_again()
    {
        await PrintingAsync("slow-2");
        var jobId = (await PrinterAsync("slow-2")).GetProperty("job").GetProperty("id").GetInt64();
        using var cancel = await _staff.PostJsonAsync("/api/printers/slow-2/actions/cancel", new { });
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancel.Content.ReadAsStringAsync());
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString() == "cancelled",
            TimeSpan.FromSeconds(30), "the job is recorded cancelled");
        var events = (await _staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("events");
        Assert.That(events.EnumerateArray().Select(e => e.GetProperty("actor").GetString()), Has.Some.EqualTo("staff"));
    }

    [Test]
    public async Task Emergency_stop_halts_the_printer_and_fails_the_attempt_and_maintenance_takes_it_out_of_service()
    {
        await PrintingAsync("slow-3");
        var jobId = (await PrinterAsync("slow-3")).GetProperty("job").GetProperty("id").GetInt64();
        using var stop = await _staff.PostJsonAsync("/api/printers/slow-3/actions/emergency-stop", new { });
        Assert.That(stop.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await stop.Content.ReadAsStringAsync());
        await Http.EventuallyAsync(async () => (await PrinterAsync("slow-3")).GetProperty("state").GetString() is "error" or "offline" or "needs-bed-clear",
            TimeSpan.FromSeconds(30), "the printer leaves printing after M112");
        var job = await _staff.GetJsonAsync($"/api/jobs/{jobId}");
        using var maintenance = await _staff.PostJsonAsync("/api/printers/slow-3/actions/maintenance", new { reason = "check the hotend after an emergency stop" });
        var inService = await PrinterAsync("slow-3");
        using var done = await _staff.PostJsonAsync("/api/printers/slow-3/actions/maintenance", new { done = true });
        Assert.Multiple(async () =>
        {
            Assert.That(job.GetProperty("state").GetString(), Is.AnyOf("queued", "assigned", "printing", "failed"), "the attempt failed; the job went back to the queue");
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(maintenance.StatusCode, Is.EqualTo(HttpStatusCode.OK), await maintenance.Content.ReadAsStringAsync());
            Assert.That(inService.GetProperty("state").GetString(), Is.EqualTo("maintenance"));
            var after = await done.JsonAsync();
            Assert.That(after.TryGetProperty("state", out var state) ? state.GetString() : after.GetProperty("detail").GetString(), Is.EqualTo("needs-bed-clear"));
        });
    }

    [Test]
    public async Task Unknown_actions_and_printers_without_a_link_are_refused()
    {
        using var unknown = await _staff.PostJsonAsync("/api/printers/slow-1/actions/explode", new { });
        using var registered = await _staff.PostJsonAsync("/api/printers", AuthTests.Printer("agent-only", "elsewhere"));
        using var noLink = await _staff.PostJsonAsync("/api/printers/agent-only/actions/pause", new { });
        Assert.Multiple(async () =>
        {
            await unknown.ProblemAsync(HttpStatusCode.NotFound);
            await noLink.ProblemAsync(HttpStatusCode.Conflict);
        });
    }
}
