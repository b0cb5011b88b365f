using System.Net.Http.Json;
using Microsoft.Playwright;
using PrintFarm.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>
/// A farm past the page's lazy-card threshold (the demo farm and 200 home printers): the grid scrolls on its own,
/// builds only the cards near its window, builds the others as they come near and releases those far away, and
/// "Find a printer" narrows it to the printers asked for. The page's speed at 2,500 printers is the dashboard
/// benchmark's; this checks that the big-farm page still works.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BigFarmTests
{
    private const int HomePrinters = 200;
    private static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(90);

    [Test]
    [CancelAfter(300_000)]
    public async Task A_big_farm_builds_the_cards_near_the_window_and_finds_a_printer(CancellationToken cancellation)
    {
        var chromium = Chromium.Require();
        await using var daemon = DaemonProcess.Start(RepositoryPaths.DaemonAssembly, RepositoryPaths.SampleFarmConfig);
        var key = await daemon.WaitUntilReadyAsync(DaemonStartTimeout, cancellation);
        using var admin = new HttpClient { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", key);
        await Parallel.ForEachAsync(Enumerable.Range(1, HomePrinters), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (i, ct) =>
        {
            using var response = await admin.PostAsJsonAsync(new Uri("/api/printers", UriKind.Relative), new
            {
                id = $"home-{i:000}", name = $"Home printer {i:000}", site = "ateneu-poblenou", node = "node-gracia",
                owner = $"volunteer-{i % 20:00}", link = "agent", address = $"hub-{i % 20:00}", bedXMm = 250, bedYMm = 210,
                material = "PLA", profile = "prusa",
            }, ct);
            Assert.That(response.IsSuccessStatusCode, Is.True, $"registering home-{i:000}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
        var total = 12 + HomePrinters;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions(chromium));
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 }, Locale = "en-GB" });
        var errors = new List<string>();
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        try
        {
            await page.GotoAsync($"{daemon.BaseAddress.GetLeftPart(UriPartial.Authority)}/#key={Uri.EscapeDataString(key)}");
            var grid = page.Locator("#printers");
            var cards = grid.Locator("li.card");
            await Expect(cards).ToHaveCountAsync(total, new() { Timeout = 60_000 });
            await Expect(grid).ToHaveAttributeAsync("data-lazy", "");

            // Only the cards near the grid's window are built; the first ones are, with their names.
            await Expect(cards.First).ToHaveAttributeAsync("data-built", "");
            await Expect(cards.First.Locator(".card-name")).Not.ToBeEmptyAsync();
            var built = await grid.Locator("li.card[data-built]").CountAsync();
            Assert.That(built, Is.InRange(1, total / 2), "cards built on opening");

            // A sample printer that prints shows its progress on a card built this way, live from the event stream.
            await Expect(grid.Locator("li.card[data-state='printing'][data-built] [data-role='progress'][data-progress]").First)
                .ToBeAttachedAsync(new() { Timeout = 90_000 });

            // The last card is built when it is scrolled to, and the first one, now far away, is released.
            var last = cards.Last;
            var lastId = await last.GetAttributeAsync("data-printer-id");
            await grid.EvaluateAsync("(g) => { g.scrollTop = g.scrollHeight; }");
            await Expect(last).ToHaveAttributeAsync("data-built", "", new() { Timeout = 10_000 });
            await Expect(last.Locator(".card-name")).ToHaveAttributeAsync("title", lastId!);
            await Expect(cards.First).Not.ToHaveAttributeAsync("data-built", "", new() { Timeout = 10_000 });

            // Find a printer by words of its name: one card is left, built and named; clearing the box brings all back.
            await page.Locator("#printer-find").FillAsync("printer 137");
            var shown = grid.Locator("li.card:not([hidden])");
            await Expect(shown).ToHaveCountAsync(1);
            await Expect(shown.Locator(".card-name")).ToHaveTextAsync("Home printer 137");
            await Expect(page.Locator("#printers-note")).ToContainTextAsync("1 of");
            // ... or by its maker, and a word nobody has says so.
            await page.Locator("#printer-find").FillAsync("volunteer-07");
            await Expect(shown).ToHaveCountAsync(HomePrinters / 20);
            await page.Locator("#printer-find").FillAsync("nobody-has-this");
            await Expect(shown).ToHaveCountAsync(0);
            await Expect(page.Locator("#printers-none")).ToContainTextAsync("nobody-has-this");
            await page.Locator("#printer-find").FillAsync("");
            await Expect(shown).ToHaveCountAsync(total);
            await Expect(page.Locator("#printers-none")).ToBeHiddenAsync();
            lock (errors)
                Assert.That(errors, Is.Empty, "no script error on the page");
        }
        catch (Exception) when (!page.IsClosed)
        {
            var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "big-farm-failure.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            TestContext.AddTestAttachment(path);
            throw;
        }
    }
}
