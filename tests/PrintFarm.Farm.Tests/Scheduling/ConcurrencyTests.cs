using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Scheduling;

/// <summary>Dispatch rounds racing on independent stores (own connections and pools), on real threads.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class ConcurrencyTests(StoreKind kind) : FarmFixture(kind)
{
    [TestCase(30, 20)]
    [TestCase(10, 40)]
    public async Task DispatchAsync_FourRoundsRacing_NeverAssignOneJobTwiceNorOnePrinterTwoJobs(int printers, int plates)
    {
        Options.MaxHeatingPerSite = 1000;
        await AddDesignAsync(partsPerPlate: 1);
        for (var i = 0; i < printers; i++)
            await AddReadyPrinterAsync($"p{i:00}", site: $"site-{i % 3}");
        await Direct.QueueAsync(new DirectJobRequest { VariantId = "shield/v1", Copies = plates, Node = "node-a" }, Staff);

        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToList();
        try
        {
            using var start = new Barrier(stores.Count);
            var rounds = stores.Select(store => Task.Run(async () =>
            {
                var dispatcher = new Dispatcher(store, Options, Time);
                start.SignalAndWait();
                var all = new List<(long, string)>();
                for (var i = 0; i < 3; i++)
                    all.AddRange((await dispatcher.DispatchAsync()).Assignments);
                return all;
            })).ToList();
            var results = (await Task.WhenAll(rounds)).SelectMany(r => r).ToList();

            Assert.That(results.Select(r => r.Item1), Is.Unique, "a job was assigned twice");
            Assert.That(results.Select(r => r.Item2), Is.Unique, "a printer got two jobs");
            Assert.That(results, Has.Count.EqualTo(Math.Min(printers, plates)));
            var assigned = await JobsAsync(JobState.Assigned);
            Assert.That(assigned.Select(j => j.PrinterId), Is.Unique);
            foreach (var job in assigned)
                Assert.That((await PrinterAsync(job.PrinterId!)).CurrentJobId, Is.EqualTo(job.Id));
        }
        finally
        {
            foreach (var store in stores)
                await store.DisposeAsync();
        }
    }

    [Test]
    public async Task SchedulingRound_RacingWithLinkEvents_LedgerStaysConsistent()
    {
        Options.MaxHeatingPerSite = 1000;
        await AddDesignAsync(partsPerPlate: 2);
        for (var i = 0; i < 8; i++)
            await AddReadyPrinterAsync($"p{i}");
        await DemandAsync(40);
        await Round.RunAsync();
        await using var other = OpenStore();
        var otherLifecycle = new JobLifecycle(other, Options, Time);
        var otherRound = new SchedulingRound(other, new Dispatcher(other, Options, Time), Time);

        var events = Task.Run(async () =>
        {
            foreach (var job in await JobsAsync(JobState.Assigned))
            {
                await otherLifecycle.StartedAsync(job.Id, "link");
                await otherLifecycle.CompletedAsync(job.Id, "link");
            }
        });
        var rounds = Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
                await otherRound.RunAsync();
        });
        await Task.WhenAll(events, rounds, Round.RunAsync());

        await AssertLedgerConsistentAsync();
        Assert.That((await LedgerAsync()).Covered, Is.EqualTo(16), "one plate of 2 for each of the 8 printers; the rest stays owed");
    }

    [Test]
    public async Task MigrateAsync_TwoStoresAtOnce_AppliesEachVersionOnce()
    {
        await using var a = OpenStore();
        await using var b = OpenStore();
        var applied = await Task.WhenAll(Task.Run(() => a.MigrateAsync()), Task.Run(() => b.MigrateAsync()));
        Assert.That(applied.Sum(), Is.Zero, "the fixture migrated already");
        Assert.That(await a.GetSchemaVersionAsync(), Is.EqualTo(Migrations.Latest));
    }
}
