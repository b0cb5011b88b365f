using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Scheduling;

/// <summary>
/// Over a randomised table of fleets and demands: after every scheduler round, no printer that is free and fits a
/// variant of a design with owed work stays ready, nothing is oversupplied, and the ledger checks out.
/// </summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class StrayPrinterTests(StoreKind kind) : FarmFixture(kind)
{
    private static readonly string[] Profiles = ["marlin", "prusa", "klipper"];
    private static readonly string[] Materials = ["PLA", "PETG"];

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 200);

    [TestCaseSource(nameof(Seeds))]
    [CancelAfter(60_000)]
    public async Task RunAsync_RandomFleetAndDemand_NoCompatiblePrinterStaysIdleWhileWorkWaits(int seed, CancellationToken cancellationToken)
    {
        Options.MaxHeatingPerSite = 1000;
        var random = new Random(seed);
        var largestPlate = 1;
        foreach (var design in new[] { "shield", "ear-saver", "door-opener" }.Take(random.Next(1, 4)))
        {
            for (var v = 0; v < random.Next(1, 4); v++)
            {
                var plate = random.Next(1, 6);
                largestPlate = Math.Max(largestPlate, plate);
                await AddDesignAsync(design, plate, Pick(random, Profiles), Pick(random, Materials), bed: random.Next(180, 251), variantName: $"v{v}");
            }
        }
        var printers = new List<string>();
        for (var i = 0; i < random.Next(3, 9); i++)
            printers.Add((await AddReadyPrinterAsync(RandomPrinter(random, $"p{i}"))).Id);
        var designs = (await ListDesignsAsync()).Select(d => d.Id).ToList();
        var demands = new List<long>();
        for (var i = 0; i < random.Next(1, 5); i++)
            demands.Add((await DemandAsync(random.Next(1, 31), Pick(random, designs), $"requester-{random.Next(3)}", priority: random.Next(2))).Id);

        for (var step = 0; step < 8; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await RandomEventAsync(random, printers, designs, demands);
            }
            catch (FarmValidationException)
            {
                // A random move the farm refuses (a state the printer cannot go to) changes nothing.
            }
            Time.Advance(TimeSpan.FromSeconds(2));
            await Round.RunAsync(cancellationToken: cancellationToken);

            var context = $"seed {seed}, step {step}";
            Assert.That(await StrayPrintersAsync(), Is.Empty, $"{context}: free printers that fit owed work");
            Assert.That((await Check.RunAsync(cancellationToken)).Select(d => d.ToString()), Is.Empty, $"{context}: ledger check");
            foreach (var row in await LedgerRowsAsync())
            {
                if (!row.Key.IsStock && row.Counts.Planned > 0)
                    Assert.That(row.Counts.Covered, Is.LessThanOrEqualTo(row.Counts.Requested + largestPlate - 1),
                        $"{context}: {row.Key} oversupplied: {row.Counts}");
            }
        }
    }

    private async Task RandomEventAsync(Random random, List<string> printers, List<string> designs, List<long> demands)
    {
        switch (random.Next(7))
        {
            case 0:
                printers.Add((await AddReadyPrinterAsync(RandomPrinter(random, $"p{printers.Count}"))).Id);
                break;
            case 1:
                foreach (var job in (await JobsAsync(JobState.Assigned)).Take(random.Next(1, 4)))
                {
                    await Jobs.StartedAsync(job.Id, "link");
                    if (random.Next(10) == 0)
                        await Jobs.FailedAsync(job.Id, "thermal runaway", "link");
                    else
                        await Jobs.CompletedAsync(job.Id, "link");
                    await Printers.BedClearedAsync(job.PrinterId!, random.Next(10) == 0 ? 0 : (await JobAsync(job.Id)).State == JobState.Completed ? job.Parts : 0, "maker");
                }
                break;
            case 2:
                await Printers.SetStateAsync(Pick(random, printers), PrinterState.Offline, "link", "unplugged");
                break;
            case 3:
                var offline = (await ListPrintersAsync()).Where(p => p.State == PrinterState.Offline).ToList();
                if (offline.Count > 0)
                {
                    var back = Pick(random, offline);
                    await Printers.SetStateAsync(back.Id, PrinterState.NeedsBedClear, "link", "online");
                    await Printers.BedClearedAsync(back.Id, 0, "maker");
                }
                break;
            case 4:
                await Printers.UpdateAsync(Pick(random, printers), new PrinterUpdate { Material = Pick(random, Materials) }, Staff);
                break;
            case 5:
                demands.Add((await DemandAsync(random.Next(1, 31), Pick(random, designs), $"requester-{random.Next(3)}", priority: random.Next(2))).Id);
                break;
            default:
                if (demands.Count > 0)
                    await Demands.CancelAsync(Pick(random, demands), Staff);
                break;
        }
    }

    /// <summary>Ready printers without a job that fit a variant of a design that owes parts, or a queued job.</summary>
    private async Task<IReadOnlyList<string>> StrayPrintersAsync()
    {
        var variants = (await ListVariantsAsync()).ToLookup(v => v.DesignId, StringComparer.Ordinal);
        var owing = (await LedgerRowsAsync()).Where(r => !r.Key.IsStock && r.Counts.Uncovered > 0).Select(r => r.Key.DesignId).ToHashSet(StringComparer.Ordinal);
        var queued = await JobsAsync(JobState.Queued);
        var stray = new List<string>();
        foreach (var printer in (await ListPrintersAsync()).Where(p => p.State == PrinterState.Ready && p.CurrentJobId is null))
        {
            bool Fits(Variant v) => v.FitsPrinter(printer.Capabilities);
            if (owing.Any(d => variants[d].Any(Fits)) || queued.Any(j => variants[j.DesignId].Any(Fits)))
                stray.Add($"{printer.Id} ({printer.Capabilities.Profile}, {printer.Capabilities.Material}, bed {printer.Capabilities.BedXMm})");
        }
        return stray;
    }

    private static Printer RandomPrinter(Random random, string id) =>
        NewPrinter(id, site: "site-" + id, profile: Pick(random, Profiles), material: Pick(random, Materials), bed: random.Next(200, 301));

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private async Task<IReadOnlyList<LedgerRow>> LedgerRowsAsync()
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.ListLedgerAsync();
    }

    private async Task<IReadOnlyList<Printer>> ListPrintersAsync()
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.ListPrintersAsync();
    }

    private async Task<IReadOnlyList<Variant>> ListVariantsAsync()
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.ListVariantsAsync();
    }

    private async Task<IReadOnlyList<Design>> ListDesignsAsync()
    {
        await using var transaction = await Store.BeginAsync();
        return await transaction.ListDesignsAsync();
    }
}
