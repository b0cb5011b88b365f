using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Queries;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class FarmReaderTests(StoreKind kind) : FarmFixture(kind)
{
    private IFarmReader Reader => Store.Reader;

    /// <summary>
    /// Three lab printers (two ready, one offline), two of maker joan (ready) and one of maker marta (offline); design
    /// <c>shield</c> (1 a plate, approved) and <c>visor</c> (pending); demands of two hospitals; one round; a direct job
    /// aimed at marta's printer.
    /// </summary>
    private async Task FarmAsync()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddDesignAsync("visor", partsPerPlate: 2, approved: false);
        await AddReadyPrinterAsync("lab-1", site: "lab");
        await AddReadyPrinterAsync("lab-2", site: "lab");
        await Printers.RegisterAsync(NewPrinter("lab-3", site: "lab"), Staff);
        await AddReadyPrinterAsync(Maker("joan-1", "joan"));
        await AddReadyPrinterAsync(Maker("joan-2", "joan"));
        await Printers.RegisterAsync(Maker("marta-1", "marta"), Staff);
        await DemandAsync(3, requester: "Sant Pau", node: "node-b");
        await DemandAsync(5);
        await DemandAsync(4, designId: "visor");
        // Four ready printers: two plates each for Sant Pau and the hospital, which share the farm; the rest stays owed.
        await Round.RunAsync();
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetPrinterId = "marta-1" }, Staff);
    }

    private static Printer Maker(string id, string owner) =>
        NewPrinter(id, site: "home-" + id) with { Owner = owner, OwnerKind = OwnerKind.Maker };

    [TestCase(null, null, null, 100, 0, new[] { "joan-1", "joan-2", "lab-1", "lab-2", "lab-3", "marta-1" }, 6)]
    [TestCase(PrinterState.Offline, null, null, 100, 0, new[] { "lab-3", "marta-1" }, 2)]
    [TestCase(null, "lab", null, 100, 0, new[] { "lab-1", "lab-2", "lab-3" }, 3)]
    [TestCase(PrinterState.Offline, "lab", null, 100, 0, new[] { "lab-3" }, 1)]
    [TestCase(null, null, "joan", 100, 0, new[] { "joan-1", "joan-2" }, 2)]
    [TestCase(null, null, "nobody", 100, 0, new string[0], 0)]
    [TestCase(null, null, null, 2, 0, new[] { "joan-1", "joan-2" }, 6)]
    [TestCase(null, null, null, 2, 4, new[] { "lab-3", "marta-1" }, 6)]
    [TestCase(null, null, null, 4, 4, new[] { "lab-3", "marta-1" }, 6)]
    [TestCase(null, null, null, 2, 6, new string[0], 6)]
    [TestCase(null, null, null, 0, 0, new string[0], 6)]
    [TestCase(null, "lab", null, 2, 2, new[] { "lab-3" }, 3)]
    public async Task ListPrintersAsync_Filters_PageOrderedById(
        PrinterState? state, string? site, string? owner, int limit, int offset, string[] ids, int total)
    {
        // The directory is loaded while the farm is still empty, so what it lists below came from the commits alone.
        await Store.Printers.ListAsync(new PrinterQuery());
        await FarmAsync();
        var query = new PrinterQuery { State = state, Site = site, Owner = owner, Limit = limit, Offset = offset };
        var page = await Reader.ListPrintersAsync(query);
        Assert.That(page.Items.Select(p => p.Id), Is.EqualTo(ids));
        Assert.That(page.Total, Is.EqualTo(total));
        var held = await Store.Printers.ListAsync(query);
        Assert.That(held.Items, Is.EqualTo(page.Items), "the directory holds the rows the store holds");
        Assert.That(held.Total, Is.EqualTo(total));
        Assert.That(Store.Printers.Loads, Is.EqualTo(1));
    }

    [Test]
    public async Task GetPrinterAsync_SameAsTheWritePath()
    {
        await FarmAsync();
        Assert.That(await Reader.GetPrinterAsync("joan-1"), Is.EqualTo(await PrinterAsync("joan-1")));
        Assert.That((await Reader.GetPrinterAsync("joan-1"))!.Name, Is.EqualTo("joan-1"));
        Assert.That(await Reader.GetPrinterAsync("ghost"), Is.Null);
        Assert.That(await Printers.GetAsync("joan-1"), Is.EqualTo(await PrinterAsync("joan-1")));
    }

    private static readonly object[] JobQueries =
    [
        new object[] { new JobQuery(), 5 },
        new object[] { new JobQuery { States = [JobState.Assigned] }, 4 },
        new object[] { new JobQuery { States = [JobState.Assigned, JobState.Queued] }, 5 },
        new object[] { new JobQuery { Requester = "Sant Pau" }, 2 },
        new object[] { new JobQuery { Requester = LedgerKey.Stock }, 1 },
        new object[] { new JobQuery { DesignId = "visor" }, 0 },
        new object[] { new JobQuery { DesignId = "shield", Requester = Hospital }, 2 },
        new object[] { new JobQuery { PrinterId = "joan-1" }, 1 },
        new object[] { new JobQuery { PrinterId = "marta-1" }, 1 },
        new object[] { new JobQuery { PrinterOwner = "joan" }, 2 },
        new object[] { new JobQuery { PrinterOwner = "marta" }, 1 },
        new object[] { new JobQuery { PrinterOwner = "Ateneu lab" }, 2 },
        new object[] { new JobQuery { PrinterOwner = "joan", States = [JobState.Queued] }, 0 },
    ];

    [TestCaseSource(nameof(JobQueries))]
    public async Task ListJobsAsync_Filters_MatchTheJobsNewestFirst(JobQuery query, int count)
    {
        await FarmAsync();
        var all = await JobsAsync();

        var page = await Reader.ListJobsAsync(query);

        var expected = all.Where(j => Matches(query, j)).OrderByDescending(j => j.Id).ToList();
        Assert.That(expected, Has.Count.EqualTo(count), "the farm has the jobs the case expects");
        Assert.That(page.Items, Is.EqualTo(expected));
        Assert.That(page.Total, Is.EqualTo(count));
    }

    private static bool Matches(JobQuery query, Job job)
    {
        string? OwnerOf(string? printer) => printer is null ? null : printer.StartsWith("lab", StringComparison.Ordinal) ? "Ateneu lab" : printer.Split('-')[0];
        return (query.States is not { Count: > 0 } || query.States.Contains(job.State))
            && (query.Requester is null || job.Requester == query.Requester)
            && (query.DesignId is null || job.DesignId == query.DesignId)
            && (query.PrinterId is null || job.PrinterId == query.PrinterId || job.TargetPrinterId == query.PrinterId)
            && (query.PrinterOwner is null || OwnerOf(job.PrinterId) == query.PrinterOwner || OwnerOf(job.TargetPrinterId) == query.PrinterOwner);
    }

    [Test]
    public async Task ListJobsAsync_Pages_CoverEveryJobOnce()
    {
        await FarmAsync();
        var seen = new List<long>();
        for (var offset = 0; ; offset += 4)
        {
            var page = await Reader.ListJobsAsync(new JobQuery { Limit = 4, Offset = offset });
            Assert.That(page.Total, Is.EqualTo(5));
            if (page.Items.Count == 0)
                break;
            seen.AddRange(page.Items.Select(j => j.Id));
        }
        Assert.That(seen, Is.EqualTo((await JobsAsync()).Select(j => j.Id).OrderDescending()));
    }

    [Test]
    public async Task GetJobAsync_TargetedJob_ReadsTargetAndEvents()
    {
        await FarmAsync();
        var job = (await Reader.ListJobsAsync(new JobQuery { PrinterOwner = "marta" })).Items.Single();
        Assert.That(await Reader.GetJobAsync(job.Id), Is.EqualTo(job));
        Assert.That((job.TargetPrinterId, job.State, job.Node), Is.EqualTo(("marta-1", JobState.Queued, "node-a")));
        Assert.That(await Reader.GetJobAsync(-1), Is.Null);

        var assigned = (await Reader.ListJobsAsync(new JobQuery { PrinterId = "joan-1" })).Items.Single();
        var events = await Reader.ListAuditAsync($"job:{assigned.Id}", 10);
        Assert.That(events.Select(e => e.Action), Is.EqualTo(new[] { "job.assigned", "job.queued" }));
        Assert.That((await Reader.ListAuditAsync($"job:{assigned.Id}", 1)).Single().Action, Is.EqualTo("job.assigned"));
    }

    [TestCase(-1, 0)]
    [TestCase(1001, 0)]
    [TestCase(10, -1)]
    public async Task ListAsync_BadPaging_Refused(int limit, int offset)
    {
        Assert.ThrowsAsync<FarmValidationException>(() => Reader.ListJobsAsync(new JobQuery { Limit = limit, Offset = offset }));
        Assert.ThrowsAsync<FarmValidationException>(() => Reader.ListPrintersAsync(new PrinterQuery { Limit = limit, Offset = offset }));
        Assert.ThrowsAsync<FarmValidationException>(() => Reader.ListDemandsAsync(new DemandQuery { Limit = limit, Offset = offset }));
        Assert.ThrowsAsync<FarmValidationException>(() => Reader.ListDesignsAsync(new DesignQuery { Limit = limit, Offset = offset }));
        await Task.CompletedTask;
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void ListAuditAsync_BadLimit_Refused(int limit) =>
        Assert.ThrowsAsync<FarmValidationException>(() => Reader.ListAuditAsync("job:1", limit));

    [Test]
    public async Task Designs_ListGetAndVariants()
    {
        await FarmAsync();
        await AddDesignAsync(partsPerPlate: 3, variantName: "v2", material: "PETG");

        Assert.That((await Reader.ListDesignsAsync(new DesignQuery())).Items.Select(d => d.Id), Is.EqualTo(new[] { "shield", "visor" }));
        var approved = await Reader.ListDesignsAsync(new DesignQuery { Approval = ApprovalStatus.Approved });
        Assert.That((approved.Items.Single().Id, approved.Total), Is.EqualTo(("shield", 1L)));
        Assert.That((await Reader.ListDesignsAsync(new DesignQuery { Category = "face-shield", Limit = 1, Offset = 1 })).Items.Single().Id, Is.EqualTo("visor"));
        Assert.That((await Reader.GetDesignAsync("visor"))!.Approval, Is.EqualTo(ApprovalStatus.Pending));
        Assert.That(await Reader.GetDesignAsync("ghost"), Is.Null);

        var variants = await Reader.ListVariantsAsync("shield");
        Assert.That(variants.Select(v => (v.Id, v.PartsPerPlate)), Is.EqualTo(new[] { ("shield/v1", 1), ("shield/v2", 3) }));
        Assert.That(await Reader.GetVariantAsync("shield/v2"), Is.EqualTo(variants[1]));
        Assert.That(await Reader.GetVariantAsync("shield/ghost"), Is.Null);
        Assert.That(await Reader.ListVariantsAsync("ghost"), Is.Empty);
    }

    [TestCase(null, null, null, null, new[] { 3, 2, 1 })]
    [TestCase("Sant Pau", null, null, null, new[] { 1 })]
    [TestCase(null, "node-a", null, null, new[] { 3, 2 })]
    [TestCase(null, null, "visor", null, new[] { 3 })]
    [TestCase(null, null, null, DemandState.Cancelled, new[] { 2 })]
    [TestCase(Hospital, "node-a", "shield", DemandState.Open, new int[0])]
    public async Task ListDemandsAsync_Filters_NewestFirst(string? requester, string? node, string? design, DemandState? state, int[] order)
    {
        await FarmAsync();
        var demands = (await Reader.ListDemandsAsync(new DemandQuery())).Items.OrderBy(d => d.Id).ToList();
        await Demands.CancelAsync(demands[1].Id, Staff);

        var page = await Reader.ListDemandsAsync(new DemandQuery { Requester = requester, Node = node, DesignId = design, State = state });

        Assert.That(page.Items.Select(d => d.Id), Is.EqualTo(order.Select(i => demands[i - 1].Id)));
        Assert.That(page.Total, Is.EqualTo(order.Length));
        Assert.That(await Reader.GetDemandAsync(demands[1].Id), Is.EqualTo(demands[1] with { State = DemandState.Cancelled }));
        Assert.That(await Reader.GetDemandAsync(0), Is.Null);
    }

    [TestCase(null, null, null, 4)]
    [TestCase(Hospital, null, null, 2)]
    [TestCase(null, "node-b", null, 1)]
    [TestCase(LedgerKey.Stock, null, null, 1)]
    [TestCase(Hospital, "node-a", "visor", 1)]
    [TestCase("nobody", null, null, 0)]
    public async Task ListLedgerAsync_Filters_MatchTheStoredLines(string? requester, string? node, string? design, int count)
    {
        await FarmAsync();
        await using var transaction = await Store.BeginAsync();
        var expected = (await transaction.ListLedgerAsync())
            .Where(r => (requester is null || r.Key.Requester == requester) && (node is null || r.Key.Node == node) && (design is null || r.Key.DesignId == design))
            .ToList();

        var rows = await Reader.ListLedgerAsync(new LedgerQuery { Requester = requester, Node = node, DesignId = design });

        Assert.That(rows, Has.Count.EqualTo(count));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public async Task GetCountsAsync_PrintersJobsAndParts()
    {
        await FarmAsync();
        var job = (await Reader.ListJobsAsync(new JobQuery { PrinterId = "lab-1" })).Items.Single();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");
        await Printers.BedClearedAsync("lab-1", 1, "maker");
        var key = job.Key;
        await Parts.CollectAsync(key, 1, Staff);
        await Parts.RejectAsync(key, 1, Staff);

        var counts = await Reader.GetCountsAsync();

        var printers = Enum.GetValues<PrinterState>().ToDictionary(state => state, _ => 0L);
        printers[PrinterState.Ready] = 4;
        printers[PrinterState.Offline] = 2;
        Assert.That(counts.PrintersByState, Is.EquivalentTo(printers));
        Assert.That(counts.PrintersByState.Keys, Is.EquivalentTo(Enum.GetValues<PrinterState>()));
        Assert.That(counts.JobsByState[JobState.Completed], Is.EqualTo(1));
        Assert.That(counts.JobsByState[JobState.Assigned], Is.EqualTo(3));
        Assert.That(counts.JobsByState.Values.Sum(), Is.EqualTo(5));
        Assert.That((counts.GoodParts, counts.RejectedParts, counts.DeliveredParts), Is.EqualTo((1L, 1L, 0L)));
    }

    [Test]
    public async Task Reads_WhileAWriteTransactionIsOpen_NeitherWaitNorSeeUncommittedRows()
    {
        await FarmAsync();
        var job = (await Reader.ListJobsAsync(new JobQuery { PrinterId = "joan-1" })).Items.Single();
        await using var writer = await Store.BeginAsync();
        await writer.UpdateJobsAsync([job with { State = JobState.Printing }]);
        await writer.InsertPrinterAsync(NewPrinter("new-1"));

        var reads = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.That((await Reader.GetJobAsync(job.Id))!.State, Is.EqualTo(JobState.Assigned));
                Assert.That((await Reader.ListPrintersAsync(new PrinterQuery())).Total, Is.EqualTo(6));
                Assert.That(await Reader.GetPrinterAsync("new-1"), Is.Null);
            }
        });
        Assert.That(await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(reads), "reads waited for the writer");
        await reads;

        await writer.CommitAsync();
        Assert.That((await Reader.GetJobAsync(job.Id))!.State, Is.EqualTo(JobState.Printing));
        Assert.That(await Reader.GetPrinterAsync("new-1"), Is.Not.Null);
    }

    [Test]
    public async Task Reads_ManyThreadsWhileTheSchedulerWrites_AllSucceed()
    {
        Options.MaxHeatingPerSite = 1000;
        await FarmAsync();
        for (var i = 0; i < 20; i++)
            await AddReadyPrinterAsync($"more-{i:00}", site: "big-lab");
        await DemandAsync(60, requester: "Vall d'Hebron");
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            var rounds = 0;
            while (!stop.IsCancellationRequested)
            {
                await Round.RunAsync();
                foreach (var job in (await Reader.ListJobsAsync(new JobQuery { States = [JobState.Assigned], Limit = 5 })).Items)
                    await Jobs.StartedAsync(job.Id, "link");
                rounds++;
            }
            return rounds;
        });
        var readers = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var reads = 0;
            for (var i = 0; i < 100; i++)
            {
                var page = await Reader.ListPrintersAsync(new PrinterQuery { Limit = 10, Offset = (t + i) % 3 * 10 });
                Assert.That(page.Total, Is.EqualTo(26));
                var jobs = await Reader.ListJobsAsync(new JobQuery { Limit = 10 });
                if (jobs.Items.Count > 0)
                    Assert.That(await Reader.GetJobAsync(jobs.Items[0].Id), Is.Not.Null);
                reads += 3;
            }
            return reads;
        })).ToList();

        var done = await Task.WhenAll(readers);
        await stop.CancelAsync();
        Assert.That(await writes, Is.GreaterThan(0));
        Assert.That(done.Sum(), Is.EqualTo(8 * 300));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task AddFarm_RegistersTheStoresReader()
    {
        var services = new ServiceCollection().AddSingleton(Store).AddSingleton<TimeProvider>(Time);
        services.AddFarm(o => o.DataDirectory = DataDirectory);
        await using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IFarmReader>(), Is.SameAs(Store.Reader));
    }
}
