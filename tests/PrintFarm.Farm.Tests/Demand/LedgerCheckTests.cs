using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Demand;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class LedgerCheckTests(StoreKind kind) : FarmFixture(kind)
{
    private async Task BusyFarmAsync()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        var demand = await DemandAsync(9);
        await Round.RunAsync();
        var jobs = await JobsAsync(JobState.Assigned);
        await Jobs.StartedAsync(jobs[0].Id, "link");
        await Jobs.CompletedAsync(jobs[0].Id, "link");
        await Printers.BedClearedAsync(jobs[0].PrinterId!, 2, "maker");
        await Parts.CollectAsync(demand.Key, 2, Staff);
        await Parts.PassAsync(demand.Key, 1, Staff);
        await Parts.RejectAsync(demand.Key, 1, Staff);
        await Parts.DeliverAsync(demand.Key, 1, Staff);
        await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/v1", Copies = 4, Node = "node-a" }, Staff);
    }

    [Test]
    public async Task RunAsync_BusyFarm_NoDifferences()
    {
        await BusyFarmAsync();
        Assert.That(await Check.RunAsync(), Is.Empty);
    }

    [TestCase("printed", 1)]
    [TestCase("planned", -2)]
    [TestCase("requested", 5)]
    [TestCase("delivered", 1)]
    public async Task RunAsync_StoredCountTampered_ReportsThatStage(string column, int change)
    {
        await BusyFarmAsync();
        await ExecuteRawAsync($"UPDATE ledger SET {column} = {column} + {change} WHERE requester = '{Hospital}'");

        var differences = await Check.RunAsync();

        Assert.That(differences.Select(d => d.What), Does.Contain(column));
        Assert.That(differences.First(d => d.What == column).ToString(), Does.Contain("shield/Hospital Clinic/node-a"));
    }

    [Test]
    public async Task RunAsync_JobRowLost_ReportsDifference()
    {
        await BusyFarmAsync();
        await ExecuteRawAsync("DELETE FROM jobs WHERE state = 'queued' AND requester = 'stock'");
        var differences = await Check.RunAsync();
        Assert.That(differences.Single().ToString(), Is.EqualTo("shield/stock/node-a: planned stored 4, recomputed 0"));
    }

    [Test]
    public async Task RunAsync_ExtraPlannedJob_ReportsOvershoot()
    {
        await BusyFarmAsync();
        await ExecuteRawAsync(
            "INSERT INTO jobs (design_id, variant_id, requester, node, parts, priority, state, attempts, failed_printers, created_at, updated_at) "
            + $"VALUES ('shield', 'shield/v1', '{Hospital}', 'node-a', 8, 0, 'queued', 0, '', 0, 0)");
        await ExecuteRawAsync($"UPDATE ledger SET planned = planned + 8 WHERE requester = '{Hospital}'");
        var differences = await Check.RunAsync();
        Assert.That(differences.Single().What, Does.StartWith("covered beyond requested"));
    }
}
