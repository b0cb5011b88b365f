using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>The keys desk decides on applications asking for a key (OctoPrint's Application Keys flow).</summary>
public sealed partial class WorkbenchTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task AppKey_requests_one_approved_as_a_makers_key_and_one_denied_from_the_keys_desk(CancellationToken cancellation)
    {
        using var app = new HttpClient { BaseAddress = _daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var cura = await AskForAKeyAsync(app, "Cura", "nuria", cancellation);
        var other = await AskForAKeyAsync(app, "Unknown tablet", null, cancellation);

        await WithPageAsync(_adminKey, "en-GB", async page =>
        {
            var curaRow = page.Locator("#appkeys tbody tr").Filter(new() { HasText = "Cura" });
            await Expect(curaRow).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await Expect(curaRow).ToContainTextAsync("nuria");
            await curaRow.GetByRole(AriaRole.Combobox, new() { Name = "Role of the key for Cura" }).SelectOptionAsync("maker");
            await curaRow.GetByRole(AriaRole.Textbox, new() { Name = "Owner of the key for Cura (a maker key)" }).FillAsync("nuria");
            await curaRow.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            var dialog = page.Locator("dialog#confirm");
            await Expect(dialog).ToContainTextAsync("Give Cura a maker key?");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
            await Expect(page.Locator("#appkeys-status")).ToContainTextAsync("Key for Cura made", new() { Timeout = 15_000 });
            await Expect(curaRow).ToHaveCountAsync(0);
            await Expect(page.Locator("#keys tbody")).ToContainTextAsync("Cura (nuria)", new() { Timeout = 15_000 });

            var otherRow = page.Locator("#appkeys tbody tr").Filter(new() { HasText = "Unknown tablet" });
            await otherRow.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
            await Expect(page.Locator("#appkeys-status")).ToContainTextAsync("Unknown tablet was denied", new() { Timeout = 15_000 });
            await Expect(page.Locator("#appkeys-none")).ToBeVisibleAsync();
        });

        using (var granted = await app.GetAsync(cura, cancellation))
        {
            Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var secret = (await granted.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("api_key").GetString()!;
            using var asCura = Client(secret);
            var me = await asCura.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative), cancellation);
            Assert.That((me.GetProperty("role").GetString(), me.GetProperty("owner").GetString()), Is.EqualTo(("maker", "nuria")), "the approved key is a maker's, for nuria's printers");
        }
        using var denied = await app.GetAsync(other, cancellation);
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the denied application hears 404");
    }

    [TestCase("ca-ES", ColorScheme.Light)]
    [TestCase("es-ES", ColorScheme.Dark)]
    [CancelAfter(120_000)]
    public async Task AppKey_requests_waiting_on_the_keys_desk_pass_axe_and_are_in_the_pages_language(string locale, ColorScheme scheme, CancellationToken cancellation)
    {
        using var app = new HttpClient { BaseAddress = _daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var poll = await AskForAKeyAsync(app, "Home Assistant", "lab", cancellation);
        try
        {
            await WithPageAsync(_adminKey, locale, async page =>
            {
                var row = page.Locator("#appkeys tbody tr").Filter(new() { HasText = "Home Assistant" });
                await Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
                var strings = I18nFilesTests.Strings(locale[..2]);
                await Expect(row.GetByRole(AriaRole.Button, new() { Name = strings["appkeys.approve"] })).ToBeVisibleAsync();
                await Expect(page.Locator("#appkeys thead")).ToContainTextAsync(strings["appkeys.decision"]);
                var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagAa] } });
                Assert.That(Problems(result), Is.Empty, $"axe-core on the page with a request waiting on the keys desk, {locale}, {scheme} colours");
            }, scheme: scheme);
        }
        finally
        {
            // Leave nothing waiting for the other tests' pages.
            var waiting = await GetJsonAsync("/api/appkeys");
            foreach (var request in waiting.GetProperty("items").EnumerateArray())
                using (await _admin.PostAsync(new Uri($"/api/appkeys/{request.GetProperty("id").GetInt64()}/deny", UriKind.Relative), null, cancellation)) { }
        }
        using var denied = await app.GetAsync(poll, cancellation);
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>Asks as Cura does and returns the path to poll.</summary>
    private static async Task<Uri> AskForAKeyAsync(HttpClient client, string name, string? user, CancellationToken cancellation)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/plugin/appkeys/request", UriKind.Relative), new { app = name, user }, cancellation);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync(cancellation));
        return new Uri(response.Headers.Location!.PathAndQuery, UriKind.Relative);
    }
}
