using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Scheduling;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class PlannerTests(StoreKind kind) : FarmFixture(kind)
{
    [TestCase(1, 4, 1)]
    [TestCase(4, 4, 1)]
    [TestCase(5, 4, 2)]
    [TestCase(10, 3, 4)]
    [TestCase(30, 1, 30)]
    public async Task RunAsync_UncoveredDemand_CutsWholePlatesAndLeavesSparePrintersFree(int quantity, int perPlate, int plates)
    {
        await AddDesignAsync(partsPerPlate: perPlate);
        for (var i = 0; i < plates + 2; i++)
            await AddReadyPrinterAsync($"p{i}", site: $"home-{i}");
        await DemandAsync(quantity);

        var (plan, dispatch) = await Round.RunAsync();

        Assert.That(plan.PartsOwed, Is.EqualTo(quantity));
        Assert.That((dispatch.JobsCreated, dispatch.Assignments.Count), Is.EqualTo((plates, plates)));
        var ledger = await LedgerAsync();
        Assert.That(ledger.Planned, Is.EqualTo(plates * perPlate));
        Assert.That(ledger.Stock, Is.LessThanOrEqualTo(perPlate - 1));
        Assert.That(await JobsAsync(JobState.Queued), Is.Empty, "owed parts wait for a printer, not in a queue of their own");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_MoreDemandThanPrinters_CutsOnePlatePerFreePrinterAndOwesTheRest()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        await DemandAsync(11);

        var (_, dispatch) = await Round.RunAsync();
        var (plan, second) = await Round.RunAsync();

        Assert.That(dispatch.JobsCreated, Is.EqualTo(2));
        Assert.That((second.JobsCreated, plan.PartsOwed), Is.EqualTo((0, 7L)), "no printer is free: 7 parts stay owed to the demand");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task PlanAsync_PendingDesign_OwesNothingAndSaysWhy()
    {
        await AddDesignAsync(approved: false);
        await AddReadyPrinterAsync("p1");
        await DemandAsync(9);
        var result = await Planner.PlanAsync();
        Assert.That(result.Work, Is.Empty);
        Assert.That(result.Unplannable.Single(), Does.Contain("approval"));
        Assert.That((await Round.RunAsync()).Dispatch.JobsCreated, Is.Zero);
    }

    [Test]
    public async Task RunAsync_ExcessFromEarlierPlate_CoversTheNextDemandOfTheLine()
    {
        await AddDesignAsync(partsPerPlate: 4);
        await AddReadyPrinterAsync("p1");
        await AddReadyPrinterAsync("p2");
        await AddReadyPrinterAsync("p3");
        await DemandAsync(5);
        await Round.RunAsync();
        await DemandAsync(3);
        var (plan, dispatch) = await Round.RunAsync();
        Assert.That((dispatch.JobsCreated, plan.PartsOwed), Is.EqualTo((0, 0L)), "the 3 spare parts of the second plate cover the new demand");
    }

    [Test]
    public async Task RunAsync_DesignWithVariantsForTwoPrinterKinds_DispatchesToBothKinds()
    {
        await AddDesignAsync(partsPerPlate: 4, variantName: "marlin-pla");
        await AddDesignAsync(partsPerPlate: 3, variantName: "klipper-petg", profile: "klipper", material: "PETG");
        for (var i = 0; i < 3; i++)
        {
            await AddReadyPrinterAsync(NewPrinter($"marlin-{i}", site: $"home-m{i}"));
            await AddReadyPrinterAsync(NewPrinter($"klipper-{i}", site: $"home-k{i}", profile: "klipper", material: "PETG"));
        }
        await DemandAsync(20);

        var (plan, dispatch) = await Round.RunAsync();

        Assert.That(dispatch.Assignments.Select(a => a.PrinterId.Split('-')[0]).Distinct(), Is.EquivalentTo(new[] { "marlin", "klipper" }));
        var jobs = await JobsAsync();
        Assert.That(jobs.Select(j => j.VariantId).Distinct().Count(), Is.EqualTo(2));
        var ledger = await LedgerAsync();
        Assert.That(ledger.Planned, Is.EqualTo(dispatch.PartsPlanned));
        Assert.That(ledger.Covered, Is.InRange(20, 20 + 3), "whole plates, at most one partial plate over");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RunAsync_RacingRoundsOnTwoStores_NeverOversupply()
    {
        await AddDesignAsync(partsPerPlate: 3);
        for (var i = 0; i < 66; i++)
            await AddReadyPrinterAsync($"p{i}", site: $"home-{i}");
        for (var i = 0; i < 20; i++)
            await DemandAsync(7, requester: $"care-home-{i}");
        await using var other = OpenStore();
        var otherRound = new SchedulingRound(other, new PrintFarm.Farm.Scheduling.Dispatcher(other, Options, Time), Time);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? Round : otherRound).RunAsync())));

        Assert.That(await JobsAsync(JobState.Assigned), Has.Count.EqualTo(20 * 3), "three plates of 3 per line of 7, and 6 printers left free");
        await AssertLedgerConsistentAsync();
    }

    /// <summary>
    /// Drives the farm with random demands, changes, cancellations, direct jobs, plans (which draw on stock), dispatches,
    /// prints, failures, bed-clears, collections, rejections and deliveries, and after every step checks that no line is covered beyond its
    /// demand plus one partial plate while plans are open, and that planning never raises coverage past that.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public async Task PlanAsync_RandomOperations_NeverOversupply(int seed)
    {
        var random = new Random(seed);
        await AddDesignAsync(partsPerPlate: 4, variantName: "big");
        await AddDesignAsync(partsPerPlate: 3, variantName: "small", material: "PETG");
        const int largestPlate = 4;
        for (var i = 0; i < 4; i++)
            await AddReadyPrinterAsync($"p{i}", node: i % 2 == 0 ? "node-a" : "node-b");
        await AddReadyPrinterAsync(NewPrinter("petg", material: "PETG"));
        var requesters = new[] { "Hospital Clinic", "Sant Pau", "Care home Gracia" };
        var demands = new List<long>();
        var rng = new RandomSteps(random);

        for (var step = 0; step < 120; step++)
        {
            var differences = (await Check.RunAsync()).Select(d => d.ToString()).ToList();
            Assert.That(differences, Is.Empty, $"step {step}: ledger check");
            var action = random.Next(13);
            try
            {
                switch (action)
                {
                    case 0:
                        demands.Add((await DemandAsync(random.Next(1, 25), requester: rng.Pick(requesters), node: rng.Pick(["node-a", "node-b"]))).Id);
                        break;
                    case 1 when demands.Count > 0:
                        await Demands.ChangeAsync(rng.Pick(demands), new PrintFarm.Farm.Demand.DemandChange { Quantity = random.Next(1, 25) }, Staff);
                        break;
                    case 2 when demands.Count > 0 && random.Next(3) == 0:
                        await Demands.CancelAsync(rng.Pick(demands), Staff);
                        break;
                    case 3:
                        await Task.WhenAll(Planner.PlanAsync(), Planner.PlanAsync());
                        break;
                    case 4:
                        await Round.RunAsync();
                        break;
                    case 5:
                        await ForSomeJobAsync(rng, JobState.Assigned, id => Jobs.StartedAsync(id, "link"));
                        break;
                    case 6:
                        await ForSomeJobAsync(rng, JobState.Printing, id => Jobs.CompletedAsync(id, "link"));
                        break;
                    case 7:
                        await ForSomeJobAsync(rng, JobState.Printing, id => Jobs.FailedAsync(id, "warped", "link"));
                        break;
                    case 8:
                        foreach (var printer in (await PrintersNeedingBedClearAsync()).Take(2))
                            await Printers.BedClearedAsync(printer.Id, random.Next(0, 5), "maker");
                        break;
                    case 9:
                        // Direct jobs make stock, which the planner hands to demand lines before planning plates.
                        await Direct.QueueAsync(new DirectJobRequest
                        {
                            DesignId = "shield", Copies = random.Next(1, 9), Node = rng.Pick(["node-a", "node-b"]),
                            TargetPrinterId = random.Next(3) == 0 ? rng.Pick(["p0", "p1", "petg"]) : null,
                        }, Staff);
                        break;
                    default:
                        await MovePartsAsync(rng);
                        break;
                }
            }
            catch (FarmValidationException)
            {
                // Random input is often refused (too many good parts, a reduced quantity below delivered...): that is fine.
            }
            await using var transaction = await Store.BeginAsync();
            foreach (var row in await transaction.ListLedgerAsync())
            {
                if (row.Key.IsStock || row.Counts.Planned == 0)
                    continue;
                Assert.That(row.Counts.Covered, Is.LessThanOrEqualTo(row.Counts.Requested + largestPlate - 1),
                    $"seed {seed}, step {step}, action {action}: {row.Key} oversupplied: {row.Counts}");
            }
        }
        await AssertLedgerConsistentAsync();
    }

    private async Task ForSomeJobAsync(RandomSteps rng, JobState state, Func<long, Task> act)
    {
        var jobs = await JobsAsync(state);
        if (jobs.Count > 0)
            await act(rng.Pick(jobs.Select(j => j.Id).ToList()));
    }

    private async Task<IReadOnlyList<PrintFarm.Farm.Printers.Printer>> PrintersNeedingBedClearAsync()
    {
        await using var transaction = await Store.BeginAsync();
        return (await transaction.ListPrintersAsync()).Where(p => p.State == PrinterState.NeedsBedClear).ToList();
    }

    private async Task MovePartsAsync(RandomSteps rng)
    {
        await using var transaction = await Store.BeginAsync();
        var rows = await transaction.ListLedgerAsync();
        await transaction.DisposeAsync();
        if (rows.Count == 0)
            return;
        var row = rng.Pick(rows);
        var c = row.Counts;
        if (c.Printed > 0)
            await Parts.CollectAsync(row.Key, rng.Between(1, (int)c.Printed), Staff);
        else if (c.Collected > 0 && rng.Between(0, 3) == 0)
            await Parts.RejectAsync(row.Key, rng.Between(1, (int)c.Collected), Staff);
        else if (c.Collected > 0)
            await Parts.PassAsync(row.Key, rng.Between(1, (int)c.Collected), Staff);
        else if (c.Passed > 0)
            await Parts.DeliverAsync(row.Key, rng.Between(1, (int)c.Passed), Staff);
    }

    private sealed class RandomSteps(Random random)
    {
        public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        public int Between(int min, int max) => random.Next(min, max + 1);
    }
}
