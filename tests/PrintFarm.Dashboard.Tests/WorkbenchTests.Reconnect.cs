using System.Net;
using Microsoft.Playwright;
using PrintFarm.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>A lost event stream: the page reconnects by itself with Last-Event-ID, and the grid catches up.</summary>
public sealed partial class WorkbenchTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task A_lost_event_stream_reconnects_with_its_last_event_id_and_the_grid_catches_up(CancellationToken cancellation)
    {
        await using var proxy = new CuttableProxy(_daemon.BaseAddress);
        string? paused = null;
        try
        {
            await WithPageAsync(_adminKey, "en-GB", async page =>
            {
                var card = page.Locator("li.card[data-state='printing']").First;
                await card.WaitForAsync(new() { Timeout = 60_000 });
                await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "live", new() { Timeout = 30_000 });
                // Let some events arrive, so the page has an id to resume from.
                await page.WaitForTimeoutAsync(2_000);
                var id = (await card.GetAttributeAsync("data-printer-id"))!;
                var requestsBefore = proxy.Requests.Count;

                // The link drops and stays down while the printer is paused by someone else.
                proxy.Refusing = true;
                proxy.Cut();
                await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "reconnecting", new() { Timeout = 15_000 });
                using (var pause = await _admin.PostAsync(new Uri($"/api/printers/{id}/actions/pause", UriKind.Relative), null, cancellation))
                    Assert.That(pause.IsSuccessStatusCode, Is.True, $"pause {id}: {(int)pause.StatusCode}");
                paused = id;
                await EventuallyAsync(async () => (await StateAsync(id)) == "paused", TimeSpan.FromSeconds(20), $"{id} paused");
                Assert.That(await page.Locator($"li.card[data-printer-id='{id}']").GetAttributeAsync("data-state"), Is.Not.EqualTo("paused"),
                    "the page cannot know yet");

                // The link comes back: the page reconnects without a reload or a click, and shows the pause.
                proxy.Refusing = false;
                await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "live", new() { Timeout = 45_000 });
                await Expect(page.Locator($"li.card[data-printer-id='{id}']")).ToHaveAttributeAsync("data-state", "paused", new() { Timeout = 15_000 });
                var resumed = proxy.Requests.Skip(requestsBefore).Where(r => r.StartsWith("GET /api/events", StringComparison.Ordinal)).ToList();
                Assert.That(resumed, Is.Not.Empty, "the page opened the stream again");
                Assert.That(resumed.Last(), Does.Contain("Last-Event-ID:").IgnoreCase, "and said where it left off");
            }, through: proxy.Address);
        }
        finally
        {
            if (paused is not null)
            {
                using var resume = await _admin.PostAsync(new Uri($"/api/printers/{paused}/actions/resume", UriKind.Relative), null, CancellationToken.None);
                TestContext.Out.WriteLine($"resumed {paused}: {(int)resume.StatusCode}");
            }
        }
    }
}
