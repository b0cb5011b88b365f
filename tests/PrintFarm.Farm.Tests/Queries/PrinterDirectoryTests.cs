using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Queries;

/// <summary>The printers held in memory follow the store's commits, and only its commits.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class PrinterDirectoryTests(StoreKind kind) : FarmFixture(kind)
{
    private PrinterDirectory Directory => Store.Printers;

    [Test]
    public async Task Every_change_through_the_farm_reaches_the_directory_as_the_store_holds_it()
    {
        Assert.That(await Directory.GetAsync("lab-1"), Is.Null, "loaded while empty");
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("lab-1");
        await AddReadyPrinterAsync("lab-2");
        await Printers.RegisterAsync(NewPrinter("lab-0", site: "lab") with { Name = "" }, Staff);
        await DemandAsync(3);
        await Round.RunAsync();
        var job = (await Store.Reader.ListJobsAsync(new JobQuery())).Items.First(j => j.PrinterId is not null);
        await Jobs.StartedAsync(job.Id, Staff);
        Time.Advance(TimeSpan.FromMinutes(5));
        await Jobs.FailedAsync(job.Id, "thermal runaway", Staff);
        await Printers.UpdateAsync("lab-2", new PrinterUpdate { Name = "by the window", Material = "PETG" }, Staff);

        foreach (var id in new[] { "lab-0", "lab-1", "lab-2" })
            Assert.That(await Directory.GetAsync(id), Is.EqualTo(await PrinterAsync(id)), id);
        Assert.That((await Directory.ListAsync(new PrinterQuery())).Items.Select(p => p.Id), Is.EqualTo(new[] { "lab-0", "lab-1", "lab-2" }));
        Assert.That((await Directory.GetAsync("lab-0"))!.Name, Is.EqualTo("lab-0"), "the stored name of a printer registered without one");
        Assert.That(Directory.Loads, Is.EqualTo(1));
    }

    [Test]
    public async Task A_transaction_rolled_back_never_shows()
    {
        await AddReadyPrinterAsync("lab-1");
        var before = await Directory.GetAsync("lab-1");
        await using (var transaction = await Store.BeginAsync())
        {
            var printer = await transaction.GetPrinterAsync("lab-1");
            await transaction.UpdatePrintersAsync([printer! with { State = PrinterState.Maintenance }]);
        }
        Assert.That(await Directory.GetAsync("lab-1"), Is.EqualTo(before));
        Assert.That((await Directory.GetAsync("lab-1"))!.State, Is.EqualTo(PrinterState.Ready));
    }

    [Test]
    public async Task Another_store_on_the_same_database_shows_after_a_reload()
    {
        await AddReadyPrinterAsync("lab-1");
        Assert.That((await Directory.GetAsync("lab-1"))!.State, Is.EqualTo(PrinterState.Ready));
        await using (var other = OpenStore())
        await using (var transaction = await other.BeginAsync())
        {
            var printer = await transaction.GetPrinterAsync("lab-1");
            await transaction.UpdatePrintersAsync([printer! with { State = PrinterState.Maintenance }]);
            await transaction.InsertPrinterAsync(NewPrinter("lab-9"));
            await transaction.CommitAsync();
        }
        Assert.That((await Directory.GetAsync("lab-1"))!.State, Is.EqualTo(PrinterState.Ready), "another coordinator's commit is not seen yet");
        await Directory.ReloadAsync();
        Assert.That(await Directory.GetAsync("lab-1"), Is.EqualTo(await PrinterAsync("lab-1")));
        Assert.That(await Directory.GetAsync("lab-9"), Is.EqualTo(await PrinterAsync("lab-9")));
        Assert.That(Directory.Loads, Is.EqualTo(2));
    }

    [Test]
    public async Task Racing_writers_leave_the_directory_as_the_store_holds_it()
    {
        for (var i = 0; i < 8; i++)
            await AddReadyPrinterAsync($"p-{i}");
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < 25; n++)
            {
                var id = $"p-{(w + n) % 8}";
                await Printers.UpdateAsync(id, new PrinterUpdate { Name = $"writer {w} pass {n}" }, Staff);
            }
        })).ToList();
        var readers = Task.Run(async () =>
        {
            while (!writers.All(w => w.IsCompleted))
                Assert.That((await Directory.ListAsync(new PrinterQuery())).Total, Is.EqualTo(8));
        });
        await Task.WhenAll(writers);
        await readers;
        for (var i = 0; i < 8; i++)
            Assert.That(await Directory.GetAsync($"p-{i}"), Is.EqualTo(await PrinterAsync($"p-{i}")), $"p-{i}");
    }

    [TestCase(null, new[] { "a-1", "a-2", "b-1" })]
    [TestCase("lab", new[] { "a-1", "a-2" })]
    [TestCase("home", new[] { "b-1" })]
    [TestCase("nowhere", new string[0])]
    public async Task AllAsync_gives_every_match_whatever_the_page(string? site, string[] ids)
    {
        await AddReadyPrinterAsync("a-2", site: "lab");
        await AddReadyPrinterAsync("b-1", site: "home");
        await AddReadyPrinterAsync("a-1", site: "lab");
        var all = await Directory.AllAsync(new PrinterQuery { Site = site, Limit = 1, Offset = 1 });
        Assert.That(all.Select(p => p.Id), Is.EqualTo(ids));
    }

    [TestCase(-1, 0)]
    [TestCase(1001, 0)]
    [TestCase(10, -1)]
    public void Bad_paging_is_refused_as_the_reader_refuses_it(int limit, long offset) =>
        Assert.ThrowsAsync<FarmValidationException>(async () => await Directory.ListAsync(new PrinterQuery { Limit = limit, Offset = offset }));
}
