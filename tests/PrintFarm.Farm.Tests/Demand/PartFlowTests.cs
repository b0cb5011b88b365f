using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Demand;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class PartFlowTests(StoreKind kind) : FarmFixture(kind)
{
    private async Task<LedgerKey> PrintOnePlateAsync(int demand, int good)
    {
        await AddDesignAsync(partsPerPlate: 4);
        await AddReadyPrinterAsync("p1");
        var record = await DemandAsync(demand);
        await Round.RunAsync();
        var job = (await JobsAsync(JobState.Assigned)).Single();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");
        await Printers.BedClearedAsync("p1", good, "maker");
        return record.Key;
    }

    [Test]
    public async Task RejectAsync_CheckedParts_ReopenDemandForThePlanner()
    {
        var key = await PrintOnePlateAsync(demand: 4, good: 4);
        await Parts.CollectAsync(key, 4, Staff);
        await Parts.PassAsync(key, 3, Staff);
        await Parts.RejectAsync(key, 1, Staff);

        var ledger = await LedgerAsync();
        Assert.That((ledger.Passed, ledger.Rejected, ledger.Uncovered), Is.EqualTo((3L, 1L, 1L)));
        var (_, dispatch) = await Round.RunAsync();
        Assert.That(dispatch.PartsPlanned, Is.EqualTo(4));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RejectAsync_WithAReason_KeepsItInTheAuditLog()
    {
        var key = await PrintOnePlateAsync(demand: 4, good: 4);
        await Parts.CollectAsync(key, 4, Staff);
        await Parts.RejectAsync(key, 2, Staff, "warped visor clips");

        await using var transaction = await Store.BeginAsync();
        var audit = await transaction.ListAuditAsync($"ledger:{key}", 10);
        Assert.That(audit.Where(a => a.Action == "parts.rejected").Select(a => a.Details), Does.Contain("2 parts: warped visor clips"));
    }

    [TestCase("bad\u0007bell")]
    [TestCase("x\u202Eevil")]
    public async Task RejectAsync_AReasonWithControlCharacters_RefusedAndNothingWritten(string escaped)
    {
        var key = await PrintOnePlateAsync(demand: 4, good: 4);
        await Parts.CollectAsync(key, 4, Staff);
        var before = await SnapshotAsync();
        Assert.ThrowsAsync<FarmValidationException>(() => Parts.RejectAsync(key, 1, Staff, System.Text.RegularExpressions.Regex.Unescape(escaped)));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CollectAsync_MoreThanPrinted_RefusedAndNothingWritten()
    {
        var key = await PrintOnePlateAsync(demand: 4, good: 3);
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Parts.CollectAsync(key, 4, Staff));
        Assert.That(ex!.Message, Does.Contain("fewer than 4"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task DeliverAsync_MoreThanOwed_RefusedAndNothingWritten()
    {
        var key = await PrintOnePlateAsync(demand: 3, good: 4);
        await Parts.CollectAsync(key, 4, Staff);
        await Parts.PassAsync(key, 4, Staff);
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Parts.DeliverAsync(key, 4, Staff));
        Assert.That(ex!.Message, Does.Contain("owed 3"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        var after = await Parts.DeliverAsync(key, 3, Staff);
        Assert.That((after.Delivered, after.Passed, after.Stock), Is.EqualTo((3L, 1L, 1L)));
        await AssertLedgerConsistentAsync();
    }

    [TestCase(0)]
    [TestCase(-3)]
    public async Task CollectAsync_NonPositiveCount_Refused(int count)
    {
        var key = await PrintOnePlateAsync(demand: 4, good: 4);
        Assert.ThrowsAsync<FarmValidationException>(() => Parts.CollectAsync(key, count, Staff));
    }
}
