using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Metrics;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Farm.Demand;

namespace PrintFarm.Coordinator.Tests.Changes;

/// <summary>
/// Changes made outside any endpoint reach the event stream, the metrics and the printers: here a demand written
/// through the farm's own service (as a script or an import would), and the job the scheduler cuts for it.
/// </summary>
public sealed class FarmChangeFanOutTests
{
    [Test]
    [CancelAfter(90_000)]
    public async Task A_demand_added_behind_the_api_and_the_job_the_scheduler_assigns_for_it_reach_the_stream_and_the_printer(CancellationToken cancellation)
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0, FarmConfigs.Printer("p1", autoClearBed: true, timeScale: 200)));
        using var admin = farm.Admin();
        await Http.EventuallyAsync(async () => (await admin.GetJsonAsync("/api/printers/p1")).GetProperty("state").GetString() == "ready",
            TimeSpan.FromSeconds(30), "p1 comes up");
        var counters = farm.Services.GetRequiredService<ChangeCounters>();
        var jobsCountedBefore = counters.Counted("job");
        var since = farm.Services.GetRequiredService<EventHub>().LastId;

        var demand = await farm.Services.GetRequiredService<DemandBook>().CreateAsync(new DemandRequest
        {
            Requester = "Residència Sant Pau", DesignId = "ear-saver", Quantity = 2, Node = "node-poblenou",
        }, "system:import", cancellation);

        using var client = farm.Client(farm.AdminKey);
        client.Timeout = Timeout.InfiniteTimeSpan;
        var seen = await SseReader.ReadAsync(client, "/api/events", since, e => e.Type is "demand" or "job", count: 2, TimeSpan.FromSeconds(60));
        var demandEvent = seen.First(e => e.Type == "demand");
        var jobEvent = JsonDocument.Parse(seen.First(e => e.Type == "job").Data).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(JsonDocument.Parse(demandEvent.Data).RootElement.GetProperty("id").GetInt64(), Is.EqualTo(demand.Id));
            Assert.That(jobEvent.GetProperty("printerId").GetString(), Is.EqualTo("p1"), "the scheduler's assignment is announced");
            Assert.That(seen.Select(e => e.Type), Does.Contain("ledger"), "the ledger line it owes is announced");
        });
        // The assignment also woke the printer's loop: it prints without waiting for its next look.
        await Http.EventuallyAsync(async () => (await admin.GetJsonAsync("/api/printers/p1")).GetProperty("state").GetString() == "printing",
            TimeSpan.FromSeconds(30), "p1 starts printing the job it was given");
        Assert.That(counters.Counted("job"), Is.GreaterThan(jobsCountedBefore), "the metrics count the changes too");
    }
}
