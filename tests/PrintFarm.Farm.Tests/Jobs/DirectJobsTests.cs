using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Jobs;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class DirectJobsTests(StoreKind kind) : FarmFixture(kind)
{
    /// <summary>Design <c>shield</c> with a Marlin PLA variant (4 a plate) and a Klipper PETG one (3 a plate); one printer of each.</summary>
    private async Task TwoKindsAsync()
    {
        await AddDesignAsync(partsPerPlate: 4, variantName: "marlin-pla");
        await AddDesignAsync(partsPerPlate: 3, variantName: "klipper-petg", profile: "klipper", material: "PETG");
        await AddReadyPrinterAsync(NewPrinter("m1", site: "lab-a", node: "node-a"));
        await AddReadyPrinterAsync(NewPrinter("k1", site: "lab-b", node: "node-b", profile: "klipper", material: "PETG"));
    }

    [TestCase(1, 4, 1)]
    [TestCase(4, 4, 1)]
    [TestCase(5, 4, 2)]
    [TestCase(9, 2, 5)]
    public async Task QueueAsync_Copies_RoundUpToWholePlatesOnTheStockLine(int copies, int perPlate, int plates)
    {
        await AddDesignAsync(partsPerPlate: perPlate);

        var ids = await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/v1", Copies = copies, Node = "node-a", Priority = 3 }, Staff);

        Assert.That(ids, Has.Count.EqualTo(plates));
        var jobs = await JobsAsync(JobState.Queued);
        Assert.That(jobs.Select(j => j.Id), Is.EquivalentTo(ids));
        Assert.That(jobs.Select(j => (j.Requester, j.Parts, j.Priority, j.TargetPrinterId, j.TargetSite)).Distinct(),
            Is.EqualTo(new[] { (LedgerKey.Stock, perPlate, 3, (string?)null, (string?)null) }));
        Assert.That((await LedgerAsync(requester: LedgerKey.Stock)).Planned, Is.EqualTo(plates * perPlate));
        await AssertLedgerConsistentAsync();
    }

    [TestCase("k1", null, null, "shield/klipper-petg", "node-b")]
    [TestCase("m1", null, null, "shield/marlin-pla", "node-a")]
    [TestCase(null, "lab-b", null, "shield/klipper-petg", "node-b")]
    [TestCase(null, "lab-a", "node-z", "shield/marlin-pla", "node-z")]
    [TestCase(null, null, "node-c", "shield/marlin-pla", "node-c")]
    public async Task QueueAsync_Design_ChoosesTheVariantThatFitsTheTarget(string? printer, string? site, string? node, string variant, string expectedNode)
    {
        await TwoKindsAsync();

        var ids = await Direct.QueueAsync(
            new DirectJobRequest { DesignId = "shield", Copies = 6, TargetPrinterId = printer, TargetSite = site, Node = node }, Staff);

        var job = await JobAsync(ids[0]);
        Assert.That((job.VariantId, job.Node, job.TargetPrinterId, job.TargetSite), Is.EqualTo((variant, expectedNode, printer, site)));
        Assert.That((await JobsAsync()).Select(j => j.VariantId).Distinct(), Is.EqualTo(new[] { variant }), "6 copies, one variant");
        await using var transaction = await Store.BeginAsync();
        Assert.That((await transaction.ListAuditAsync($"job:{ids[0]}", 1)).Single().Details,
            Does.Contain($"6 copies of {variant}").And.Contain(printer ?? site ?? ""));
    }

    [Test]
    public async Task QueueAsync_DesignOnlyOfflinePrintersFitOneVariant_PrefersTheVariantForOnlinePrinters()
    {
        await TwoKindsAsync();
        await Printers.RegisterAsync(NewPrinter("m2", site: "lab-b", node: "node-b"), Staff);
        await Printers.RegisterAsync(NewPrinter("m3", site: "lab-b", node: "node-b"), Staff);

        var ids = await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetSite = "lab-b" }, Staff);

        Assert.That((await JobAsync(ids.Single())).VariantId, Is.EqualTo("shield/klipper-petg"), "two offline Marlins lose to one online Klipper");
    }

    private static readonly object[] BadRequests =
    [
        new object[] { new DirectJobRequest { Copies = 1, Node = "n" }, "needs a design or a variant" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 0, Node = "n" }, "copies must be between 1 and" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 1_000_001, Node = "n" }, "copies must be between 1 and" },
        new object[] { new DirectJobRequest { VariantId = "shield/marlin-pla", Copies = 1_000_000, Node = "n" }, "at most 10000" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 1, TargetPrinterId = "m1", TargetSite = "lab-a" }, "not both" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 1, TargetSite = " " }, "cannot be blank" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 1, TargetPrinterId = "ghost" }, "unknown printer ghost" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 1, TargetSite = "moon" }, "no printer is registered at site moon" },
        new object[] { new DirectJobRequest { DesignId = "ghost", Copies = 1, Node = "n" }, "unknown design ghost" },
        new object[] { new DirectJobRequest { VariantId = "shield/ghost", Copies = 1, Node = "n" }, "unknown variant shield/ghost" },
        new object[] { new DirectJobRequest { DesignId = "saver", VariantId = "shield/marlin-pla", Copies = 1, Node = "n" }, "is not a variant of design saver" },
        new object[] { new DirectJobRequest { VariantId = "shield/marlin-pla", Copies = 1, TargetPrinterId = "k1" }, "fits no printer for printer k1" },
        new object[] { new DirectJobRequest { VariantId = "shield/klipper-petg", Copies = 1, TargetSite = "lab-a" }, "fits no printer at site lab-a" },
        new object[] { new DirectJobRequest { DesignId = "saver", Copies = 1, TargetPrinterId = "m1" }, "design saver has no variant that fits any printer for printer m1" },
        new object[] { new DirectJobRequest { DesignId = "saver", Copies = 1, Node = "n" }, "design saver has no variant that fits any registered printer" },
        new object[] { new DirectJobRequest { DesignId = "shield", Copies = 1 }, "needs a node for its parts" },
        new object[] { new DirectJobRequest { DesignId = "gone", Copies = 1, Node = "n" }, "withdrawn" },
    ];

    [TestCaseSource(nameof(BadRequests))]
    public async Task QueueAsync_BadRequest_RefusedAndNothingWritten(DirectJobRequest request, string message)
    {
        await TwoKindsAsync();
        await AddDesignAsync("saver", profile: "prusa", variantName: "prusa-pla");
        await AddDesignAsync("gone");
        await Designs.SetApprovalAsync("gone", ApprovalStatus.Withdrawn, Staff);
        var before = await SnapshotAsync();

        var ex = Assert.CatchAsync<FarmValidationException>(() => Direct.QueueAsync(request, Staff));

        Assert.That(ex!.Message, Does.Contain(message));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task QueueAsync_SiteWithTwoNodesAndNoNode_Refused()
    {
        await AddDesignAsync();
        await Printers.RegisterAsync(NewPrinter("a", site: "lab", node: "node-a"), Staff);
        await Printers.RegisterAsync(NewPrinter("b", site: "lab", node: "node-b"), Staff);
        var ex = Assert.ThrowsAsync<FarmValidationException>(() =>
            Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetSite = "lab" }, Staff));
        Assert.That(ex!.Message, Does.Contain("2 nodes"));
    }

    [Test]
    public async Task DispatchAsync_JobTargetedAtPrinter_GoesOnlyToThatPrinter()
    {
        await AddDesignAsync(partsPerPlate: 1);
        foreach (var id in new[] { "a", "b", "c" })
            await AddReadyPrinterAsync(id);
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 2, TargetPrinterId = "c" }, Staff);

        var result = await Dispatcher.DispatchAsync();

        Assert.That(result.Assignments.Select(a => a.PrinterId), Is.EqualTo(new[] { "c" }), "a and b are free and rank first, but the jobs are for c");
        Assert.That(result.QueuedLeft, Is.EqualTo(1), "the second plate waits for c");
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty);
    }

    [Test]
    public async Task DispatchAsync_JobTargetedAtSite_GoesOnlyToPrintersOfThatSite()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("a-near", site: "home", node: "node-a");
        await AddReadyPrinterAsync("b-near", site: "home", node: "node-a");
        await AddReadyPrinterAsync("z-far", site: "lab", node: "node-z");
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 2, TargetSite = "lab", Node = "node-a" }, Staff);

        var result = await Dispatcher.DispatchAsync();

        Assert.That(result.Assignments.Select(a => a.PrinterId), Is.EqualTo(new[] { "z-far" }));
        Assert.That(result.QueuedLeft, Is.EqualTo(1));
    }

    [Test]
    public async Task DispatchAsync_TargetedAndUntargetedJobs_EachFindsItsPrinter()
    {
        await AddDesignAsync(partsPerPlate: 1);
        foreach (var id in new[] { "a", "b", "c" })
            await AddReadyPrinterAsync(id, site: id == "c" ? "lab" : "home");
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetPrinterId = "a", Priority = 1 }, Staff);
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetSite = "lab", Priority = 1 }, Staff);
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, Node = "node-a" }, Staff);

        var result = await Dispatcher.DispatchAsync();

        var byTarget = new Dictionary<string, string>();
        foreach (var (jobId, printerId) in result.Assignments)
        {
            var job = await JobAsync(jobId);
            byTarget[job.TargetPrinterId ?? job.TargetSite ?? "none"] = printerId;
        }
        Assert.That(byTarget, Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "a", ["lab"] = "c", ["none"] = "b" }));
    }

    [Test]
    public async Task FailedAsync_JobTargetedAtPrinter_RetriesOnThatPrinter()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("a");
        await AddReadyPrinterAsync("b");
        var id = (await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetPrinterId = "b" }, Staff)).Single();
        await Dispatcher.DispatchAsync();
        await Jobs.StartedAsync(id, "link");
        await Jobs.FailedAsync(id, "warped", "link");
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty, "a is free but the job is for b");

        await Printers.BedClearedAsync("b", 0, "maker");

        Assert.That((await Dispatcher.DispatchAsync()).Assignments.Single(), Is.EqualTo((id, "b")));
    }

    [Test]
    public async Task DispatchAsync_TargetPrinterNoLongerFits_JobWaits()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("a");
        await Direct.QueueAsync(new DirectJobRequest { DesignId = "shield", Copies = 1, TargetPrinterId = "a" }, Staff);
        await Printers.UpdateAsync("a", new PrinterUpdate { NozzleMm = 0.6 }, Staff);
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty);
        await Printers.UpdateAsync("a", new PrinterUpdate { NozzleMm = 0.4 }, Staff);
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Has.Count.EqualTo(1));
    }
}
