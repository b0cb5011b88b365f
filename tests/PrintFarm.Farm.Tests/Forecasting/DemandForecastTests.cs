using PrintFarm.Farm.Forecasting;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Forecasting;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class DemandForecastTests(StoreKind kind) : FarmFixture(kind)
{
    private DemandForecast Forecast => Get<DemandForecast>();

    private async Task<LineForecast> LineAsync()
    {
        Time.Advance(DemandForecast.CacheFor);
        return (await Forecast.GetAsync()).Values.Single();
    }

    [Test]
    public async Task GetAsync_PrintersJoinAndLeave_TheEtaMoves()
    {
        var variant = await AddDesignAsync(partsPerPlate: 2);
        var plate = variant.EstimatedTime;
        Assert.That(plate, Is.GreaterThan(TimeSpan.Zero), "the sample G-code has an estimate");
        await DemandAsync(8, neededBy: Time.GetUtcNow() + 3 * plate);
        var now = Time.GetUtcNow();

        var none = await LineAsync();
        Assert.That((none.Eta, none.WillMiss, none.StillNeeded), Is.EqualTo(((DateTimeOffset?)null, true, 8L)), "no printer: no ETA, and it will miss");

        await AddReadyPrinterAsync("p1");
        var one = await LineAsync();
        Assert.That(one.Eta, Is.EqualTo(Time.GetUtcNow() + 4 * plate), "four plates one after the other");
        Assert.That(one.WillMiss, Is.True);

        await AddReadyPrinterAsync("p2");
        var two = await LineAsync();
        Assert.That(two.Eta, Is.EqualTo(Time.GetUtcNow() + 2 * plate), "two printers halve it");
        Assert.That(two.WillMiss, Is.False);

        await Printers.SetStateAsync("p2", PrinterState.Offline, "link", "unplugged");
        var left = await LineAsync();
        Assert.That(left.Eta, Is.EqualTo(Time.GetUtcNow() + 4 * plate), "back to one printer");
        Assert.That(now, Is.LessThan(Time.GetUtcNow()));
    }

    [Test]
    public async Task GetAsync_PlatesRunning_EtaIsWhenTheLastEnds()
    {
        var variant = await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync("p1");
        await DemandAsync(2);
        var job = (await Round.RunAsync()).Dispatch.Assignments.Single();
        await Jobs.StartedAsync(job.JobId, "link");
        var started = Time.GetUtcNow();

        var line = await LineAsync();

        Assert.That((line.StillNeeded, line.InProgress, line.Eta), Is.EqualTo((0L, 2L, (DateTimeOffset?)(started + variant.EstimatedTime))));
    }

    [Test]
    public async Task GetAsync_CachedForATick_ThenMadeAgain()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await DemandAsync(4);
        var first = await Forecast.GetAsync();
        await AddReadyPrinterAsync("p1");
        Assert.That(await Forecast.GetAsync(), Is.SameAs(first));
        Time.Advance(DemandForecast.CacheFor);
        Assert.That((await Forecast.GetAsync()).Values.Single().Eta, Is.Not.Null);
    }
}
