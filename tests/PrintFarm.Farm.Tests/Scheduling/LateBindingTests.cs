using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Scheduling;

/// <summary>
/// Work is owed to a demand and bound to a variant and a printer only when a printer is free, so nothing stays pinned
/// to the printers that happened to be online when the demand came in.
/// </summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class LateBindingTests(StoreKind kind) : FarmFixture(kind)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    [SetUp]
    public void ManyHeatingAtOnce() => Options.MaxHeatingPerSite = 1000;

    /// <summary>The README demo's case: the MK3S printers connected after the first round and sat idle for good.</summary>
    [Test]
    public async Task RunAsync_ProfileComesOnlineAfterFirstRound_GetsWorkWithinOneTick()
    {
        await AddDesignAsync(partsPerPlate: 2, variantName: "ender-pla");
        await AddDesignAsync(partsPerPlate: 3, variantName: "mk3s-pla", profile: "prusa");
        await AddReadyPrinterAsync("ender-1");
        await DemandAsync(60);
        var (_, first) = await Round.RunAsync();
        Assert.That(first.Assignments.Single().PrinterId, Is.EqualTo("ender-1"));

        for (var i = 0; i < 3; i++)
            await AddReadyPrinterAsync(NewPrinter($"mk3s-{i}", profile: "prusa"));
        Time.Advance(Tick);
        var (_, next) = await Round.RunAsync();

        Assert.That(next.Assignments.Select(a => a.PrinterId), Is.EquivalentTo(new[] { "mk3s-0", "mk3s-1", "mk3s-2" }));
        Assert.That((await JobsAsync(JobState.Assigned)).Where(j => j.PrinterId!.StartsWith("mk3s", StringComparison.Ordinal)).Select(j => j.VariantId).Distinct(),
            Is.EqualTo(new[] { "shield/mk3s-pla" }));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_PrinterChangesMaterial_GetsWorkOfTheNewMaterialNextTick()
    {
        await AddDesignAsync(partsPerPlate: 2, variantName: "petg", material: "PETG");
        await AddReadyPrinterAsync("p1");
        await DemandAsync(10);
        Assert.That((await Round.RunAsync()).Dispatch.Assignments, Is.Empty, "a PLA printer cannot print the PETG variant");

        await Printers.UpdateAsync("p1", new PrinterUpdate { Material = "PETG" }, Staff);
        Time.Advance(Tick);

        Assert.That((await Round.RunAsync()).Dispatch.Assignments.Single().PrinterId, Is.EqualTo("p1"));
    }

    [Test]
    public async Task UpdateAsync_AssignedJobNoLongerFits_GoesBackAndAnotherPrinterTakesIt()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync("p1");
        await DemandAsync(2);
        var job = (await Round.RunAsync()).Dispatch.Assignments.Single();

        await Printers.UpdateAsync("p1", new PrinterUpdate { Material = "TPU" }, Staff);
        Assert.That(((await JobAsync(job.JobId)).State, (await PrinterAsync("p1")).CurrentJobId), Is.EqualTo((JobState.Queued, (long?)null)));
        await AddReadyPrinterAsync("p2");
        Time.Advance(Tick);

        Assert.That((await Round.RunAsync()).Dispatch.Assignments.Single(), Is.EqualTo((job.JobId, "p2")));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_VariantAddedForIdlePrinters_TheyGetWorkNextTick()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync(NewPrinter("voron-1", profile: "klipper", material: "ABS"));
        await DemandAsync(10);
        Assert.That((await Round.RunAsync()).Dispatch.Assignments, Is.Empty);

        await AddDesignAsync(partsPerPlate: 5, variantName: "voron-abs", profile: "klipper", material: "ABS");
        Time.Advance(Tick);

        var assignment = (await Round.RunAsync()).Dispatch.Assignments.Single();
        Assert.That((await JobAsync(assignment.JobId)).VariantId, Is.EqualTo("shield/voron-abs"));
    }

    [Test]
    public async Task RunAsync_DemandAddedChangedCancelled_NextTickFollows()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        var demand = await DemandAsync(1);
        Assert.That((await Round.RunAsync()).Dispatch.JobsCreated, Is.EqualTo(1));

        await Demands.ChangeAsync(demand.Id, new PrintFarm.Farm.Demand.DemandChange { Quantity = 2 }, Staff);
        Time.Advance(Tick);
        Assert.That((await Round.RunAsync()).Dispatch.JobsCreated, Is.EqualTo(1), "the raised quantity reaches the free printer");

        var other = await DemandAsync(5, requester: "Sant Pau");
        await Demands.CancelAsync(other.Id, Staff);
        await AddReadyPrinterAsync("p3");
        Time.Advance(Tick);
        Assert.That((await Round.RunAsync()).Dispatch.JobsCreated, Is.Zero, "a cancelled demand owes nothing");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_QueuedRetry_MayMoveToAnotherVariantsPrinter()
    {
        await AddDesignAsync(partsPerPlate: 2, variantName: "ender-pla");
        await AddDesignAsync(partsPerPlate: 3, variantName: "mk3s-pla", profile: "prusa");
        await AddReadyPrinterAsync("ender-1");
        await DemandAsync(2);
        var job = (await Round.RunAsync()).Dispatch.Assignments.Single();
        await Jobs.StartedAsync(job.JobId, "link");
        await Jobs.FailedAsync(job.JobId, "MINTEMP triggered", "link");
        await AddReadyPrinterAsync(NewPrinter("mk3s-1", profile: "prusa"));

        var again = (await Round.RunAsync()).Dispatch.Assignments.Single();

        var moved = await JobAsync(job.JobId);
        Assert.That((again.PrinterId, moved.VariantId, moved.Parts, moved.Attempts), Is.EqualTo(("mk3s-1", "shield/mk3s-pla", 3, 1)));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_DirectJob_KeepsTheVariantStaffChose()
    {
        await AddDesignAsync(partsPerPlate: 2, variantName: "ender-pla");
        await AddDesignAsync(partsPerPlate: 3, variantName: "mk3s-pla", profile: "prusa");
        await AddReadyPrinterAsync(NewPrinter("mk3s-1", profile: "prusa"));
        await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/ender-pla", Copies = 2, Node = "node-a" }, Staff);

        Assert.That((await Round.RunAsync()).Dispatch.Assignments, Is.Empty, "no printer fits the variant staff chose");
    }

    [Test]
    public async Task RunAsync_EarlierDeadline_FirstAndHigherPriorityBeforeThat()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("p1");
        var now = Time.GetUtcNow();
        await DemandAsync(1, requester: "later", neededBy: now.AddDays(5));
        await DemandAsync(1, requester: "sooner", neededBy: now.AddDays(1));
        await DemandAsync(1, requester: "urgent", priority: 3);

        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var job = await JobAsync((await Round.RunAsync()).Dispatch.Assignments.Single().JobId);
            order.Add(job.Requester);
            await Jobs.StartedAsync(job.Id, "link");
            await Jobs.CompletedAsync(job.Id, "link");
            await Printers.BedClearedAsync("p1", 1, "maker");
        }

        Assert.That(order, Is.EqualTo(new[] { "urgent", "sooner", "later" }));
    }

    /// <summary>A care home's 20 parts, asked for after a hospital's 2,000 at the same priority, are not starved.</summary>
    [Test]
    public async Task RunAsync_SmallRequesterBehindLargeOne_SharesTheFarmFairly()
    {
        await AddDesignAsync(partsPerPlate: 2);
        for (var i = 0; i < 4; i++)
            await AddReadyPrinterAsync($"p{i}");
        await DemandAsync(2000, requester: "Hospital Clinic");
        Time.Advance(TimeSpan.FromMinutes(1));
        await DemandAsync(20, requester: "Residencia Sant Andreu");

        var cycles = 0;
        while ((await LedgerAsync(requester: "Residencia Sant Andreu")).Printed < 20)
        {
            Assert.That(++cycles, Is.LessThanOrEqualTo(5), "10 plates over 4 shared printers take 5 cycles at most");
            var assignments = (await Round.RunAsync()).Dispatch.Assignments;
            var requesters = new List<string>();
            foreach (var (jobId, printerId) in assignments)
            {
                var job = await JobAsync(jobId);
                requesters.Add(job.Requester);
                await Jobs.StartedAsync(jobId, "link");
                await Jobs.CompletedAsync(jobId, "link");
                await Printers.BedClearedAsync(printerId, job.Parts, "maker");
            }
            if (cycles == 1)
                Assert.That(requesters.Count(r => r == "Residencia Sant Andreu"), Is.EqualTo(2), "half of the free printers");
        }
        Assert.That(cycles, Is.EqualTo(5));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_UnapprovedDesign_NeverPrintsForADemand()
    {
        await AddDesignAsync("visor", partsPerPlate: 2, approved: false);
        await AddReadyPrinterAsync("p1");
        await DemandAsync(4, designId: "visor");
        Assert.That((await Round.RunAsync()).Dispatch.Assignments, Is.Empty);
        await Designs.SetApprovalAsync("visor", ApprovalStatus.Approved, Staff);
        Time.Advance(Tick);
        Assert.That((await Round.RunAsync()).Dispatch.Assignments, Has.Count.EqualTo(1));
    }
}
