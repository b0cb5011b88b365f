using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Scheduling;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class DispatcherTests(StoreKind kind) : FarmFixture(kind)
{
    private async Task<string> PrinterOfOnlyJobAsync() => (await JobsAsync(JobState.Assigned)).Single().PrinterId!;

    [TestCase("prusa", "PLA", 0.4, 220)]
    [TestCase("marlin", "PETG", 0.4, 220)]
    [TestCase("marlin", "PLA", 0.6, 220)]
    [TestCase("marlin", "PLA", 0.4, 180)]
    public async Task DispatchAsync_IncompatiblePrinter_NotAssigned(string profile, string material, double nozzle, double bed)
    {
        await AddDesignAsync(bed: 200);
        await AddReadyPrinterAsync(NewPrinter("other", profile: profile, material: material, nozzle: nozzle, bed: bed));
        await AddReadyPrinterAsync(NewPrinter("fits"));
        await DemandAsync(4);
        await Round.RunAsync();
        Assert.That(await PrinterOfOnlyJobAsync(), Is.EqualTo("fits"));
    }

    [Test]
    public async Task DispatchAsync_JobsCompeting_PriorityThenNeededByThenAge()
    {
        await AddDesignAsync(partsPerPlate: 1);
        var soon = Time.GetUtcNow().AddDays(1);
        var low = await DemandAsync(1, requester: "low", priority: 0);
        var later = await DemandAsync(1, requester: "later", priority: 5, neededBy: soon.AddDays(5));
        var urgent = await DemandAsync(1, requester: "urgent", priority: 5, neededBy: soon);
        await AddReadyPrinterAsync("p1");
        await Planner.PlanAsync();
        var order = new List<string>();
        foreach (var id in new[] { "p1", "p2", "p3" })
        {
            if (id != "p1")
                await AddReadyPrinterAsync(id);
            var result = await Dispatcher.DispatchAsync();
            var job = await JobAsync(result.Assignments.Single().JobId);
            order.Add(job.Requester);
        }
        Assert.That(order, Is.EqualTo(new[] { urgent.Requester, later.Requester, low.Requester }));
    }

    [Test]
    public async Task DispatchAsync_PrinterAtDestinationNode_Preferred()
    {
        await AddDesignAsync();
        await AddReadyPrinterAsync("far", node: "node-z");
        await AddReadyPrinterAsync("near", node: "node-b");
        await DemandAsync(4, node: "node-b");
        await Round.RunAsync();
        Assert.That(await PrinterOfOnlyJobAsync(), Is.EqualTo("near"));
    }

    [Test]
    public async Task DispatchAsync_PrinterWithRecentFailure_RankedLower()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("a-flaky");
        await AddReadyPrinterAsync("b-steady");
        await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/v1", Copies = 1, Node = "node-a" }, Staff);
        var first = (await Dispatcher.DispatchAsync()).Assignments.Single();
        Assert.That(first.PrinterId, Is.EqualTo("a-flaky"), "ids break the tie before any failure");
        await Jobs.StartedAsync(first.JobId, "link");
        await Jobs.FailedAsync(first.JobId, "spaghetti", "link");
        await Printers.BedClearedAsync("a-flaky", 0, "maker");
        await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/v1", Copies = 1, Node = "node-a" }, Staff);

        var assignments = (await Dispatcher.DispatchAsync()).Assignments;

        Assert.That(assignments.Select(a => a.PrinterId), Is.EquivalentTo(new[] { "b-steady", "a-flaky" }));
        Assert.That(assignments.Single(a => a.JobId == first.JobId).PrinterId, Is.EqualTo("b-steady"), "the retry goes to another printer");
    }

    [Test]
    public async Task DispatchAsync_SiteHeatingLimit_StaggersStarts()
    {
        Options.MaxHeatingPerSite = 2;
        await AddDesignAsync(partsPerPlate: 1);
        for (var i = 0; i < 5; i++)
            await AddReadyPrinterAsync($"lab-{i}", site: "ateneu");
        await AddReadyPrinterAsync("home-1", site: "home-1");
        await DemandAsync(6);

        var first = (await Round.RunAsync()).Dispatch;
        Assert.That(first.Assignments.Count(a => a.PrinterId.StartsWith("lab-", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(first.Assignments.Select(a => a.PrinterId), Does.Contain("home-1"));

        foreach (var (jobId, _) in first.Assignments)
            await Jobs.StartedAsync(jobId, "link");
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty, "started printers still heat up");
        Time.Advance(Options.HeatUpTime + TimeSpan.FromSeconds(1));
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task DispatchAsync_PrinterInMaintenance_Skipped()
    {
        await AddDesignAsync();
        await AddReadyPrinterAsync("p1");
        await DemandAsync(4);
        await Printers.SetStateAsync("p1", PrinterState.Maintenance, Staff, "belt");
        var result = await Dispatcher.DispatchAsync();
        Assert.That((result.Assignments.Count, result.JobsCreated), Is.EqualTo((0, 0)));
        Assert.That((await LedgerAsync()).Uncovered, Is.EqualTo(4), "still owed to the demand");
    }

    [Test]
    public async Task FailedAsync_ThirdAttempt_FailsForGoodAndLedgerShowsDeficit()
    {
        await AddDesignAsync(partsPerPlate: 4);
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        await DemandAsync(4);
        var first = (await Dispatcher.DispatchAsync()).Assignments.Single();
        var jobId = first.JobId;
        var printersUsed = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var assignment = attempt == 1 ? first : (await Dispatcher.DispatchAsync()).Assignments.Single();
            printersUsed.Add(assignment.PrinterId);
            await Jobs.StartedAsync(jobId, "link");
            await Jobs.FailedAsync(jobId, "thermal runaway", "link");
            await Printers.BedClearedAsync(assignment.PrinterId, 0, "maker");
            Assert.That((await JobAsync(jobId)).State, Is.EqualTo(attempt < 3 ? JobState.Queued : JobState.Failed));
        }
        Assert.That(printersUsed.Take(2), Is.EqualTo(new[] { "p1", "p2" }));
        var job = await JobAsync(jobId);
        Assert.That((job.Attempts, job.FailedPrinters.Count), Is.EqualTo((3, 2)));
        var ledger = await LedgerAsync();
        Assert.That((ledger.Planned, ledger.Printing, ledger.Uncovered), Is.EqualTo((0L, 0L, 4L)));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task SetStateAsync_AssignedPrinterGoesOffline_JobBackInQueueWithoutSpendingAttempt()
    {
        await AddDesignAsync();
        await AddReadyPrinterAsync("p1");
        await DemandAsync(4);
        await Round.RunAsync();
        var job = (await JobsAsync(JobState.Assigned)).Single();
        await Printers.SetStateAsync("p1", PrinterState.Offline, "link");
        var after = await JobAsync(job.Id);
        Assert.That((after.State, after.Attempts, after.PrinterId), Is.EqualTo((JobState.Queued, 0, (string?)null)));
        await AssertLedgerConsistentAsync();
    }
}
