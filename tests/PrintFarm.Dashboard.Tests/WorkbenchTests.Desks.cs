using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PrintFarm.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>The staff and admin desks: designs and their files, stock, keys, a printer's material, and new nodes.</summary>
public sealed partial class WorkbenchTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task A_file_and_its_design_are_approved_stock_queued_and_the_design_withdrawn(CancellationToken cancellation)
    {
        const string design = "test-strap-clip";
        using (var created = await _admin.PostAsJsonAsync(new Uri("/api/designs", UriKind.Relative),
                   new { id = design, name = "Strap clip", licence = "CC BY 4.0", sourceUrl = "https://example.org/strap-clip" }, cancellation))
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync(cancellation));
        // A file of its own (a sliced ear saver with a comment added), so no other design shares its sha256.
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "strap-clip-mk3s.gcode");
        await File.WriteAllTextAsync(file, "; strap clip, test copy\n" + await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "designs", "ear-saver", "mk3s_pla.gcode"), cancellation), cancellation);

        await WithPageAsync(_adminKey, "en-GB", async page =>
        {
            var row = page.Locator($"#catalog tr[data-design-id='{design}']");
            await Expect(row).ToContainTextAsync("waiting for approval", new() { Timeout = 30_000 });

            // A file for the design, while it waits for approval: stored, not approved.
            var form = page.Locator("#variant-form");
            await form.Locator("select[name='design']").SelectOptionAsync(design);
            await form.Locator("input[name='file']").SetInputFilesAsync(file);
            await form.Locator("input[name='name']").FillAsync("mk3s-pla");
            await form.Locator("input[name='minBedXMm']").FillAsync("250");
            await form.Locator("input[name='minBedYMm']").FillAsync("210");
            await form.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await Expect(page.Locator("#variant-status")).ToContainTextAsync("stored", new() { Timeout = 60_000 });
            var variant = (await GetJsonAsync($"/api/designs/{design}")).GetProperty("variants").EnumerateArray().Single();
            Assert.That(variant.GetProperty("approved").GetBoolean(), Is.False, "a file waits for its approval");

            // Its approval names the file's sha256.
            await row.GetByRole(AriaRole.Button, new() { Name = "Approve file" }).ClickAsync();
            var dialog = page.Locator("dialog#confirm");
            await Expect(dialog).ToContainTextAsync(variant.GetProperty("sha256").GetString()![..12]);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
            await EventuallyAsync(async () => (await GetJsonAsync($"/api/designs/{design}")).GetProperty("variants")[0].GetProperty("approved").GetBoolean(),
                TimeSpan.FromSeconds(15), "the file approved");

            await row.GetByRole(AriaRole.Button, new() { Name = "Approve design" }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
            await EventuallyAsync(async () => (await GetJsonAsync($"/api/designs/{design}")).GetProperty("approval").GetString() == "approved", TimeSpan.FromSeconds(15), "the design approved");

            var stock = page.Locator("#stock-form");
            await Expect(stock.Locator($"select[name='designId'] option[value='{design}']")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
            await stock.Locator("select[name='designId']").SelectOptionAsync(design);
            await stock.Locator("input[name='copies']").FillAsync("2");
            await stock.Locator("select[name='node']").SelectOptionAsync("node-gracia");
            await stock.GetByRole(AriaRole.Button, new() { Name = "Queue stock" }).ClickAsync();
            await Expect(page.Locator("#stock-status")).ToContainTextAsync("queued for Strap clip", new() { Timeout = 15_000 });
            Assert.That((await GetJsonAsync($"/api/jobs?designId={design}")).GetProperty("total").GetInt32(), Is.GreaterThanOrEqualTo(1), "stock jobs queued");

            await row.GetByRole(AriaRole.Button, new() { Name = "Withdraw" }).ClickAsync();
            await Expect(dialog).ToContainTextAsync("Strap clip");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
            await EventuallyAsync(async () => (await GetJsonAsync($"/api/designs/{design}")).GetProperty("approval").GetString() == "withdrawn", TimeSpan.FromSeconds(15), "the design withdrawn");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public Task A_key_is_created_shown_once_works_and_is_revoked_from_the_page(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        var form = page.Locator("#key-form");
        await form.Locator("select[name='role'] option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await form.Locator("input[name='name']").FillAsync("Núria's phone");
        await form.Locator("select[name='role']").SelectOptionAsync("maker");
        await form.Locator("input[name='owner']").FillAsync("nuria");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.Locator("#key-secret")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var secret = (await page.Locator("#key-secret-value").InnerTextAsync()).Trim();
        Assert.That(secret, Is.Not.Empty);
        using (var client = Client(secret))
        {
            var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative), cancellation);
            Assert.That((me.GetProperty("role").GetString(), me.GetProperty("owner").GetString()), Is.EqualTo(("maker", "nuria")), "the key works, as a maker's");
        }
        var key = (await GetJsonAsync("/api/keys")).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "Núria's phone");
        var row = page.Locator($"#keys tr[data-key-id='{key.GetProperty("id").GetInt64()}']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.Locator("dialog#confirm").GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked", new() { Timeout = 15_000 });
        using var revoked = Client(secret);
        using var refused = await revoked.GetAsync(new Uri("/api/me", UriKind.Relative), cancellation);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a revoked key is shut out");
    });

    [Test]
    [CancelAfter(120_000)]
    public Task A_printers_nozzle_is_changed_from_its_card(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        const string printer = "pau-voron";
        var card = page.Locator($"li.card[data-printer-id='{printer}']");
        await card.WaitForAsync(new() { Timeout = 60_000 });
        var before = (await GetJsonAsync($"/api/printers/{printer}")).GetProperty("capabilities");
        await card.Locator("details[data-role='setup'] summary").ClickAsync();
        await card.Locator("input[name='nozzleMm']").FillAsync("0.6");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await EventuallyAsync(async () => (await GetJsonAsync($"/api/printers/{printer}")).GetProperty("capabilities").GetProperty("nozzleMm").GetDouble() == 0.6,
            TimeSpan.FromSeconds(15), "the nozzle is 0.6 mm");
        await Expect(card.Locator("details[data-role='setup'] summary")).ToContainTextAsync("0.6 mm", new() { Timeout = 15_000 });
        // Back as it was, so the demo farm's other tests find it as before.
        await card.Locator("input[name='nozzleMm']").FillAsync(before.GetProperty("nozzleMm").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await card.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await EventuallyAsync(async () => (await GetJsonAsync($"/api/printers/{printer}")).GetProperty("capabilities").GetProperty("nozzleMm").GetDouble() == before.GetProperty("nozzleMm").GetDouble(),
            TimeSpan.FromSeconds(15), "the nozzle back");
    });

    [Test]
    [CancelAfter(120_000)]
    public Task In_Spanish_a_node_is_added_and_a_refusal_is_given_in_Spanish(CancellationToken cancellation) => WithPageAsync(_adminKey, "es-ES", async page =>
    {
        var spanish = I18nFilesTests.Strings("es");
        var form = page.Locator("#node-form");
        await form.WaitForAsync(new() { Timeout = 30_000 });
        await form.Locator("input[name='id']").FillAsync("node-sant-marti");
        await form.Locator("input[name='name']").FillAsync("Punt de recollida Sant Martí");
        await form.GetByRole(AriaRole.Button, new() { Name = spanish["nodes.add"] }).ClickAsync();
        await Expect(page.Locator("#node-status")).ToHaveTextAsync(spanish["nodes.added"].Replace("{name}", "Punt de recollida Sant Martí", StringComparison.Ordinal), new() { Timeout = 15_000 });
        var node = (await GetJsonAsync("/api/nodes")).GetProperty("items").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "node-sant-marti");
        Assert.That(node.GetProperty("name").GetString(), Is.EqualTo("Punt de recollida Sant Martí"));
        await Expect(page.Locator("#demand-form select[name='node'] option[value='node-sant-marti']")).ToHaveTextAsync("Punt de recollida Sant Martí", new() { Timeout = 15_000 });

        // The same node again: the API's refusal keeps its English detail, behind its kind in Spanish.
        await form.Locator("input[name='id']").FillAsync("node-sant-marti");
        await form.GetByRole(AriaRole.Button, new() { Name = spanish["nodes.add"] }).ClickAsync();
        await Expect(page.Locator("#node-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(spanish["problem.conflict"])}: node node-sant-marti exists already"),
            new() { Timeout = 15_000 });
    });
}
