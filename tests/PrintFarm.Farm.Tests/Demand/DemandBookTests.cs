using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Demand;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class DemandBookTests(StoreKind kind) : FarmFixture(kind)
{
    [Test]
    public async Task CreateAsync_ValidDemand_RaisesRequestedOnItsLine()
    {
        await AddDesignAsync();
        await DemandAsync(30);
        await DemandAsync(20);
        Assert.That((await LedgerAsync()).Requested, Is.EqualTo(50));
        await AssertLedgerConsistentAsync();
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    [TestCase(1_000_001)]
    [TestCase(int.MaxValue)]
    public async Task CreateAsync_BadQuantity_RefusedAndNothingWritten(int quantity)
    {
        await AddDesignAsync();
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => DemandAsync(quantity));
        Assert.That(ex!.Message, Does.Contain("quantity"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("stock")]
    [TestCase(" Stock ")]
    [TestCase("STOCK")]
    public async Task CreateAsync_RequesterNamedStock_RefusedAndNothingWritten(string requester)
    {
        await AddDesignAsync();
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => DemandAsync(5, requester: requester));
        Assert.That(ex!.Message, Does.Contain("is the name of stock"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreateAsync_UnknownDesign_RefusedAndNothingWritten()
    {
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmNotFoundException>(() => DemandAsync(5, designId: "ghost"));
        Assert.That(ex!.Message, Does.Contain("unknown design ghost"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreateAsync_WithdrawnDesign_Refused()
    {
        await AddDesignAsync();
        await Designs.SetApprovalAsync("shield", ApprovalStatus.Withdrawn, Staff);
        Assert.ThrowsAsync<FarmValidationException>(() => DemandAsync(5));
    }

    [Test]
    public async Task ChangeAsync_Reduced_CancelsUnstartedJobsButNeverPrintingOnes()
    {
        await AddDesignAsync(partsPerPlate: 4);
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        await AddReadyPrinterAsync("p3");
        var demand = await DemandAsync(40);
        await Round.RunAsync();
        var printing = (await JobsAsync(JobState.Assigned)).OrderBy(j => j.Id).First();
        await Jobs.StartedAsync(printing.Id, "link");

        await Demands.ChangeAsync(demand.Id, new DemandChange { Quantity = 5 }, Staff);

        Assert.That(await JobsAsync(JobState.Cancelled), Has.Count.EqualTo(1), "of the two assigned plates, one is surplus");

        Assert.That((await JobAsync(printing.Id)).State, Is.EqualTo(JobState.Printing));
        var ledger = await LedgerAsync();
        Assert.That((ledger.Requested, ledger.Printing), Is.EqualTo((5L, 4L)));
        Assert.That(ledger.Planned, Is.EqualTo(4), "one more plate still covers the fifth part");
        Assert.That(ledger.Covered, Is.LessThanOrEqualTo(ledger.Requested + 3));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task ChangeAsync_BelowDelivered_Refused()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("p1");
        var demand = await DemandAsync(3);
        await Round.RunAsync();
        var job = (await JobsAsync(JobState.Assigned)).Single();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");
        await Printers.BedClearedAsync("p1", 1, "maker");
        var key = demand.Key;
        await Parts.CollectAsync(key, 1, Staff);
        await Parts.PassAsync(key, 1, Staff);
        await Parts.DeliverAsync(key, 1, Staff);
        var before = await SnapshotAsync();

        Assert.ThrowsAsync<FarmValidationException>(() => Demands.ChangeAsync(demand.Id, new DemandChange { Quantity = 0 }, Staff));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CancelAsync_AfterPartialDelivery_LeavesOnlyDeliveredRequested()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync("p1");
        var demand = await DemandAsync(10);
        await Round.RunAsync();
        var job = (await JobsAsync(JobState.Assigned)).Single();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");
        await Printers.BedClearedAsync("p1", 2, "maker");
        await Parts.CollectAsync(demand.Key, 2, Staff);
        await Parts.PassAsync(demand.Key, 2, Staff);
        await Parts.DeliverAsync(demand.Key, 2, Staff);

        await Demands.CancelAsync(demand.Id, Staff);

        var ledger = await LedgerAsync();
        Assert.That((ledger.Requested, ledger.Delivered, ledger.Planned), Is.EqualTo((2L, 2L, 0L)));
        Assert.That(await JobsAsync(JobState.Queued), Is.Empty);
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task CancelAsync_Twice_SecondRefused()
    {
        await AddDesignAsync();
        var demand = await DemandAsync(3);
        await Demands.CancelAsync(demand.Id, Staff);
        Assert.ThrowsAsync<FarmValidationException>(() => Demands.CancelAsync(demand.Id, Staff));
    }
}
