using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using PrintFarm.Dashboard.Tests.Support;

namespace PrintFarm.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser against the real daemon running the Barcelona sample farm: the page must
/// show a printer printing and then show that same print's progress going up, live.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardTests
{
    private static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FirstProgressTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ProgressMoveTimeout = TimeSpan.FromSeconds(90);

    // A printing printer's bar (a paused one has a bar too, but it does not move).
    private const string ProgressSelector = "[data-printer-id][data-state='printing'] [data-role='progress'][data-progress]";

    // Reads one printer's progress bar: null when the card or its progress is absent, else [jobId, progress].
    private const string ReadProgressScript = """
        (id) => {
          const card = [...document.querySelectorAll('[data-printer-id]')].find((c) => c.dataset.printerId === id);
          const bar = card?.querySelector('[data-role="progress"]');
          if (!bar || !bar.hasAttribute('data-progress')) return null;
          return [bar.getAttribute('data-job-id') ?? '', bar.getAttribute('data-progress')];
        }
        """;

    [Test]
    [CancelAfter(420_000)]
    public async Task Dashboard_shows_a_print_progressing_live(CancellationToken cancellationToken)
    {
        var chromium = Chromium.Require();
        var config = RepositoryPaths.SampleFarmConfig;
        Assert.That(File.Exists(config), Is.True, $"The sample farm {config} does not exist.");

        await using var daemon = DaemonProcess.Start(RepositoryPaths.DaemonAssembly, config);
        var browserLog = new List<string>();
        IPage? page = null;
        try
        {
            var key = await daemon.WaitUntilReadyAsync(DaemonStartTimeout, cancellationToken);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions(chromium));
            page = await browser.NewPageAsync(new BrowserNewPageOptions
            {
                ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            });
            page.Console += (_, message) => { lock (browserLog) { browserLog.Add($"console.{message.Type}: {message.Text}"); } };
            page.PageError += (_, error) => { lock (browserLog) { browserLog.Add($"page error: {error}"); } };

            await page.GotoAsync($"{daemon.BaseAddress.GetLeftPart(UriPartial.Authority)}/#key={Uri.EscapeDataString(key)}");

            // A printer is printing: its card shows a progress value.
            var firstBar = page.Locator(ProgressSelector).First;
            await firstBar.WaitForAsync(new LocatorWaitForOptions
            {
                State = WaitForSelectorState.Attached,
                Timeout = (float)FirstProgressTimeout.TotalMilliseconds,
            });
            var printerId = await firstBar.EvaluateAsync<string>("(bar) => bar.closest('[data-printer-id]').dataset.printerId");
            var first = await ReadProgressAsync(page, printerId)
                ?? throw new AssertionException($"Printer {printerId}'s progress vanished as soon as it appeared.");
            TestContext.Progress.WriteLine($"printer {printerId}: job {first.JobId} at {first.Progress:0.####}");

            // ... and that same print moves on, shown from the event stream without reloading the page.
            var baseline = first;
            var moved = (Reading?)null;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < ProgressMoveTimeout && moved is null)
            {
                await Task.Delay(250, cancellationToken);
                var now = await ReadProgressAsync(page, printerId);
                if (now is null)
                {
                    continue; // between prints: the bar is hidden until the next job starts
                }

                if (now.JobId != baseline.JobId)
                {
                    baseline = now; // a new print on the same printer: watch that one
                }
                else if (now.Progress > baseline.Progress)
                {
                    moved = now;
                }
            }

            Assert.That(moved, Is.Not.Null,
                $"Printer {printerId}'s progress did not increase within {ProgressMoveTimeout.TotalSeconds:0} s "
                + $"(job {baseline.JobId} stayed at {baseline.Progress:0.####}).");
            TestContext.Progress.WriteLine($"printer {printerId}: job {moved!.JobId} at {moved.Progress:0.####} after {clock.Elapsed.TotalSeconds:0.0} s");

            // The other two sections have data from the same farm.
            await page.Locator("[data-design-id]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 15_000 });
            await page.Locator("#job-queue [data-job-id]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 15_000 });
            await page.Locator("#requesters [data-requester]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 15_000 });
            var requesters = await page.Locator("#requesters [data-requester]").EvaluateAllAsync<string[]>("(rows) => rows.map((r) => r.dataset.requester)");
            Assert.That(requesters, Does.Contain("Hospital Clínic"), "the requester view lists the demo's requesters");
            var designRows = await page.Locator("[data-design-id]").CountAsync();
            var jobRows = await page.Locator("#job-queue [data-job-id]").CountAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(designRows, Is.GreaterThanOrEqualTo(1), "demand board rows");
                Assert.That(jobRows, Is.GreaterThanOrEqualTo(1), "job queue rows");
            }

            await SaveScreenshotAsync(page, "dashboard.png", "The dashboard once progress had moved");

            // The bed-clear gate from a card: a printer that does not clear its own bed waits until someone does.
            var waiting = page.Locator("li.card[data-state='needs-bed-clear']").First;
            await waiting.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            var waitingId = await waiting.GetAttributeAsync("data-printer-id");
            await waiting.Locator("input.clear-count").FillAsync("0");
            await waiting.Locator("button[type=submit]").ClickAsync();
            var card = page.Locator($"li.card[data-printer-id='{waitingId}']");
            await Microsoft.Playwright.Assertions.Expect(card).Not.ToHaveAttributeAsync("data-state", "needs-bed-clear",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        }
        catch (Exception e) when (e is not SuccessException)
        {
            TestContext.Out.WriteLine("---- daemon output ----");
            TestContext.Out.WriteLine(daemon.Output);
            lock (browserLog)
            {
                if (browserLog.Count > 0)
                {
                    TestContext.Out.WriteLine("---- browser console ----");
                    TestContext.Out.WriteLine(string.Join('\n', browserLog));
                }
            }

            if (page is not null && !page.IsClosed)
            {
                await TrySaveScreenshotAsync(page, "dashboard-failure.png");
            }

            throw;
        }
    }

    private sealed record Reading(string JobId, double Progress);

    private static async Task<Reading?> ReadProgressAsync(IPage page, string printerId)
    {
        var raw = await page.EvaluateAsync<string[]?>(ReadProgressScript, printerId);
        if (raw is not { Length: 2 })
        {
            return null;
        }

        Assert.That(double.TryParse(raw[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var progress), Is.True,
            $"data-progress '{raw[1]}' is not a number");
        Assert.That(progress, Is.InRange(0.0, 1.0), "data-progress is a fraction");
        return new Reading(raw[0], progress);
    }

    private static async Task SaveScreenshotAsync(IPage page, string fileName, string description)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description);
        TestContext.Progress.WriteLine($"screenshot: {path}");
    }

    private static async Task TrySaveScreenshotAsync(IPage page, string fileName)
    {
        try
        {
            await SaveScreenshotAsync(page, fileName, "The dashboard when the test failed");
        }
        catch (PlaywrightException e)
        {
            TestContext.Out.WriteLine($"no failure screenshot: {e.Message}");
        }
    }
}
