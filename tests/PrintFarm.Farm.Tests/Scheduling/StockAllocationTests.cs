using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Scheduling;

/// <summary>The planner covers demand from finished stock before any plate is cut for it.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class StockAllocationTests(StoreKind kind) : FarmFixture(kind)
{
    private static LedgerKey StockAt(string node = "node-a") => new("shield", LedgerKey.Stock, node);

    [SetUp]
    public async Task FarmAsync()
    {
        await AddDesignAsync(partsPerPlate: 4);
        await AddReadyPrinterAsync("p1");
    }

    /// <summary>Prints one direct plate of 4 on p1 for the stock line at <paramref name="node"/> and reports <paramref name="good"/> good parts.</summary>
    private async Task PrintStockAsync(int good, string node = "node-a")
    {
        var id = (await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/v1", Copies = 4, TargetPrinterId = "p1", Node = node }, Staff)).Single();
        Assert.That((await Dispatcher.DispatchAsync()).Assignments.Single().JobId, Is.EqualTo(id));
        await Jobs.StartedAsync(id, "link");
        await Jobs.CompletedAsync(id, "link");
        await Printers.BedClearedAsync("p1", good, "maker");
    }

    private async Task<IReadOnlyList<PartMovement>> AllocationsAsync()
    {
        await using var transaction = await Store.BeginAsync();
        return (await transaction.ListMovementsAsync()).Where(m => m.Kind == MovementKind.Allocate).ToList();
    }

    [Test]
    public async Task PlanAsync_StockPrintedPartsCoverNewDemand_PlansNoJobs()
    {
        await PrintStockAsync(good: 4);
        await DemandAsync(3);

        var (plan, dispatch) = await Round.RunAsync();

        Assert.That((dispatch.JobsCreated, plan.PartsFromStock), Is.EqualTo((0, 3L)));
        Assert.That(await LedgerAsync(), Is.EqualTo(new LedgerCounts { Requested = 3, Printed = 3 }));
        Assert.That(await LedgerAsync(requester: LedgerKey.Stock), Is.EqualTo(new LedgerCounts { Printed = 1 }));
        var movements = await AllocationsAsync();
        Assert.That(movements.Select(m => (m.Key.Requester, m.From, m.To, m.Count)), Is.EquivalentTo(new[]
        {
            (LedgerKey.Stock, (LedgerStage?)LedgerStage.Printed, (LedgerStage?)null, 3),
            (Hospital, null, LedgerStage.Printed, 3),
        }));
        await using (var transaction = await Store.BeginAsync())
        {
            Assert.That((await transaction.ListAuditAsync("ledger:shield/Hospital Clinic/node-a", 1)).Single().Details,
                Is.EqualTo("3 printed parts from shield/stock/node-a"));
            Assert.That((await transaction.ListAuditAsync("ledger:shield/stock/node-a", 1)).Single().Details,
                Is.EqualTo("3 printed parts to shield/Hospital Clinic/node-a"));
        }
        await AssertLedgerConsistentAsync();
        Assert.That((await Planner.PlanAsync()).PartsFromStock, Is.Zero, "the line is covered now");
    }

    [Test]
    public async Task PlanAsync_StockCoversPartOfDemand_PlansOnlyTheRest()
    {
        await PrintStockAsync(good: 3);
        await AddReadyPrinterAsync("p2");
        await AddReadyPrinterAsync("p3");
        await DemandAsync(10);

        var (plan, dispatch) = await Round.RunAsync();

        Assert.That((plan.PartsFromStock, dispatch.JobsCreated, dispatch.PartsPlanned), Is.EqualTo((3L, 2, 8L)), "7 missing: two plates of 4, a printer left free");
        var ledger = await LedgerAsync();
        Assert.That((ledger.Printed, ledger.Planned, ledger.Uncovered), Is.EqualTo((3L, 8L, -1L)));
        Assert.That((await LedgerAsync(requester: LedgerKey.Stock)).Covered, Is.Zero);
        await AssertLedgerConsistentAsync();
    }

    [TestCase(2, new[] { 0, 0, 2 }, new[] { 1, 1, 0 })]
    [TestCase(3, new[] { 0, 1, 2 }, new[] { 1, 0, 0 })]
    [TestCase(4, new[] { 1, 1, 2 }, new[] { 0, 0, 0 })]
    [TestCase(6, new[] { 1, 1, 2 }, new[] { 0, 0, 0 })]
    public async Task PlanAsync_StockInSeveralStages_TakesPassedThenCollectedThenPrinted(int demand, int[] taken, int[] left)
    {
        // Stock: 1 printed, 1 collected, 2 passed.
        await PrintStockAsync(good: 4);
        await Parts.CollectAsync(StockAt(), 3, Staff);
        await Parts.PassAsync(StockAt(), 2, Staff);
        await DemandAsync(demand);

        var (plan, dispatch) = await Round.RunAsync();

        var line = await LedgerAsync();
        Assert.That(new[] { line.Printed, line.Collected, line.Passed }, Is.EqualTo(taken.Select(x => (long)x)));
        var stock = await LedgerAsync(requester: LedgerKey.Stock);
        Assert.That(new[] { stock.Printed, stock.Collected, stock.Passed }, Is.EqualTo(left.Select(x => (long)x)));
        Assert.That(plan.PartsFromStock, Is.EqualTo(Math.Min(demand, 4)));
        Assert.That(dispatch.JobsCreated, Is.EqualTo(demand > 4 ? 1 : 0));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task PlanAsync_StockAtSeveralNodes_TakesTheDemandsNodeFirst()
    {
        await PrintStockAsync(good: 4, node: "node-a");
        await PrintStockAsync(good: 4, node: "node-b");
        await DemandAsync(6, node: "node-b");

        await Planner.PlanAsync();

        Assert.That((await LedgerAsync(requester: LedgerKey.Stock, node: "node-b")).Printed, Is.Zero);
        Assert.That((await LedgerAsync(requester: LedgerKey.Stock, node: "node-a")).Printed, Is.EqualTo(2));
        Assert.That((await LedgerAsync(node: "node-b")).Printed, Is.EqualTo(6));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task PlanAsync_TwoLinesShareTooLittleStock_MostUrgentFirst()
    {
        await PrintStockAsync(good: 4);
        await DemandAsync(3, requester: "later", priority: 0);
        await DemandAsync(3, requester: "urgent", priority: 5);

        var (plan, dispatch) = await Round.RunAsync();

        Assert.That((await LedgerAsync(requester: "urgent")).Printed, Is.EqualTo(3));
        Assert.That(await LedgerAsync(requester: "later"), Is.EqualTo(new LedgerCounts { Requested = 3, Printed = 1, Planned = 4 }));
        Assert.That((plan.PartsFromStock, dispatch.JobsCreated), Is.EqualTo((4L, 1)));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task PlanAsync_StockOfAnotherDesignOrPendingDesign_NotTaken()
    {
        await PrintStockAsync(good: 4);
        await AddDesignAsync("visor", partsPerPlate: 4, approved: false);
        await DemandAsync(2, designId: "visor");

        var plan = await Planner.PlanAsync();

        Assert.That(plan.PartsFromStock, Is.Zero);
        Assert.That(plan.Unplannable.Single(), Does.Contain("approval"));
        Assert.That((await LedgerAsync(requester: LedgerKey.Stock)).Printed, Is.EqualTo(4));
    }

    [Test]
    public async Task RejectAsync_AllocatedParts_ReopenDemandAndThePlannerPrintsMore()
    {
        await PrintStockAsync(good: 4);
        await Parts.CollectAsync(StockAt(), 4, Staff);
        var demand = await DemandAsync(4);
        Assert.That((await Planner.PlanAsync()).PartsFromStock, Is.EqualTo(4));
        Assert.That((await LedgerAsync()).Collected, Is.EqualTo(4));

        await Parts.PassAsync(demand.Key, 3, Staff);
        await Parts.RejectAsync(demand.Key, 1, Staff);
        Assert.That((await LedgerAsync()).Uncovered, Is.EqualTo(1));
        var (plan, dispatch) = await Round.RunAsync();

        Assert.That((plan.PartsFromStock, dispatch.JobsCreated, dispatch.PartsPlanned), Is.EqualTo((0L, 1, 4L)), "stock is empty: one new plate");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task DeliverAsync_AllocatedPassedParts_CountAgainstTheDemand()
    {
        await PrintStockAsync(good: 4);
        await Parts.CollectAsync(StockAt(), 4, Staff);
        await Parts.PassAsync(StockAt(), 4, Staff);
        var demand = await DemandAsync(4);
        await Round.RunAsync();

        var after = await Parts.DeliverAsync(demand.Key, 4, Staff);

        Assert.That(after, Is.EqualTo(new LedgerCounts { Requested = 4, Delivered = 4 }));
        Assert.That(await JobsAsync(JobState.Queued), Is.Empty);
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task LedgerCheck_AllocationRecordLost_ReportsBothLines()
    {
        await PrintStockAsync(good: 4);
        await DemandAsync(3);
        await Planner.PlanAsync();
        await ExecuteRawAsync("DELETE FROM movements WHERE kind = 'allocate'");

        var differences = (await Check.RunAsync()).Select(d => d.ToString()).ToList();

        Assert.That(differences, Is.EquivalentTo(new[]
        {
            "shield/Hospital Clinic/node-a: printed stored 3, recomputed 0",
            "shield/stock/node-a: printed stored 1, recomputed 4",
        }));
    }

    [Test]
    public async Task PlanAsync_RacingPlannersAndStockMoves_NeverOverdrawStock()
    {
        await PrintStockAsync(good: 4);
        await PrintStockAsync(good: 4);
        for (var i = 0; i < 8; i++)
            await DemandAsync(1, requester: $"care-home-{i}");
        await using var other = OpenStore();
        var otherPlanner = new PrintFarm.Farm.Scheduling.Planner(other, Time);
        var otherParts = new PartFlow(other, Time);

        var planners = Enumerable.Range(0, 4).Select(i => Task.Run(() => (i % 2 == 0 ? Planner : otherPlanner).PlanAsync()));
        var collects = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                await otherParts.CollectAsync(StockAt(), 2, Staff);
            }
            catch (FarmValidationException)
            {
                // The planner took those parts first.
            }
        }));
        var plans = await Task.WhenAll(planners);
        await Task.WhenAll(collects);

        var stock = await LedgerAsync(requester: LedgerKey.Stock);
        Assert.That(stock.Printed, Is.GreaterThanOrEqualTo(0));
        Assert.That(stock.Collected, Is.GreaterThanOrEqualTo(0));
        Assert.That(plans.Sum(p => p.PartsFromStock) + plans.Max(p => p.PartsOwed), Is.GreaterThanOrEqualTo(8));
        Assert.That(plans.Sum(p => p.PartsFromStock) + stock.Printed + stock.Collected, Is.EqualTo(8));
        for (var i = 0; i < 8; i++)
            Assert.That((await LedgerAsync(requester: $"care-home-{i}")).Uncovered, Is.LessThanOrEqualTo(0));
        await AssertLedgerConsistentAsync();
    }
}
