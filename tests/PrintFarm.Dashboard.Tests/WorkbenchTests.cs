using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PrintFarm.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>
/// The dashboard as a tool, in Debian's Chromium against the demo farm: each test does one task as a person would
/// (click, type, confirm) and checks the result through the API. A failing test leaves a screenshot.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class WorkbenchTests
{
    private static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] StaffDesks = ["#demands-panel", "#intake-panel", "#catalog-panel", "#keys-panel"];

    private DaemonProcess _daemon = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private HttpClient _admin = null!;
    private string _adminKey = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var chromium = Chromium.Require();
        _daemon = DaemonProcess.Start(RepositoryPaths.DaemonAssembly, RepositoryPaths.SampleFarmConfig);
        using var ready = new CancellationTokenSource(DaemonStartTimeout + TimeSpan.FromSeconds(10));
        _adminKey = await _daemon.WaitUntilReadyAsync(DaemonStartTimeout, ready.Token);
        _admin = Client(_adminKey);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions(chromium));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        _admin?.Dispose();
        if (_daemon is not null)
            await _daemon.DisposeAsync();
    }

    [Test]
    [CancelAfter(120_000)]
    public Task In_Catalan_no_English_string_is_left_on_the_main_views(CancellationToken cancellation) => WithPageAsync(_adminKey, "ca-ES", async page =>
    {
        await page.Locator("li.card[data-state='printing']").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("#demand [data-design-id]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "live", new() { Timeout = 30_000 });
        var catalan = I18nFilesTests.Strings("ca");
        var english = I18nFilesTests.Strings("en");
        // English texts that Catalan says differently; templates are checked through their filled-in forms below.
        var englishOnly = english.Where(p => !p.Value.Contains('{', StringComparison.Ordinal) && catalan[p.Key] != p.Value && p.Value.Length > 2)
            .Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        var shown = await page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                const el = n.parentElement;
                if (!el || el.closest('[hidden], script, style, option, [translate=no]')) continue;
                const text = n.textContent.trim();
                if (text) out.push(text);
              }
              for (const el of document.querySelectorAll('[aria-label], [title]')) {
                if (el.closest('[hidden]')) continue;
                if (el.getAttribute('aria-label')) out.push(el.getAttribute('aria-label'));
              }
              return out;
            }
            """);
        var fixedTexts = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('[data-i18n]')].map((e) => [e.dataset.i18n, e.textContent])");
        Assert.Multiple(() =>
        {
            Assert.That(shown.Where(englishOnly.Contains).Distinct(), Is.Empty, "English strings shown on the Catalan page");
            Assert.That(fixedTexts.Where(p => catalan[p[0]] != p[1]).Select(p => $"{p[0]}: {p[1]}"), Is.Empty, "fixed texts not in Catalan");
            Assert.That(shown, Does.Contain(catalan["totals.printers"]));
            Assert.That(shown, Does.Contain(catalan["state.printing"]), "printer states are translated");
        });
        await page.EvaluateAsync("() => document.documentElement.lang").ContinueWith(t => Assert.That(t.Result.ToString(), Is.EqualTo("ca")), cancellation);
        await SaveScreenshotAsync(page, "dashboard-ca.png");
    });

    [Test]
    [CancelAfter(120_000)]
    public Task The_language_switcher_changes_the_page_and_is_remembered(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        var spanish = I18nFilesTests.Strings("es");
        await Expect(page.Locator("[data-i18n='totals.printers']")).ToHaveTextAsync("Printers", new() { Timeout = 30_000 });
        await page.Locator("#language").SelectOptionAsync("es");
        await Expect(page.Locator("[data-i18n='totals.printers']")).ToHaveTextAsync(spanish["totals.printers"]);
        await Expect(page.Locator("#connection .conn-text")).ToHaveTextAsync(spanish["conn.live"], new() { Timeout = 30_000 });
        await page.ReloadAsync();
        await Expect(page.Locator("[data-i18n='demand.title']")).ToHaveTextAsync(spanish["demand.title"], new() { Timeout = 30_000 });
        Assert.That(await page.Locator("#language").InputValueAsync(), Is.EqualTo("es"), "the choice is remembered");
    });

    [Test]
    [CancelAfter(240_000)]
    public Task Clearing_a_bed_with_the_default_count_counts_every_part_of_the_plate(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        const string printer = "laia-ender3";
        var card = page.Locator($"li.card[data-printer-id='{printer}']");
        // Coming online nobody has looked at the bed: an empty plate, counted as nothing.
        await Expect(card).ToHaveAttributeAsync("data-state", "needs-bed-clear", new() { Timeout = 60_000 });
        if (await card.Locator("[data-role='plate']").InnerTextAsync() == "Nothing counted on this plate.")
        {
            Assert.That(await card.Locator("input.clear-count").InputValueAsync(), Is.EqualTo("0"), "an empty plate starts at 0");
            await card.GetByRole(AriaRole.Button, new() { Name = "Bed cleared" }).ClickAsync();
        }
        // Then it prints a plate and waits again, with that plate on its bed.
        await Expect(card.Locator("[data-role='plate']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^On the plate: \\d+ × "), new() { Timeout = 180_000 });
        var bedJob = (await GetJsonAsync($"/api/printers/{printer}")).GetProperty("bedJobId").GetInt64();
        var job = await GetJsonAsync($"/api/jobs/{bedJob}");
        var parts = job.GetProperty("parts").GetInt32();
        Assert.That(await card.Locator("input.clear-count").InputValueAsync(), Is.EqualTo(parts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "the count starts at the plate's parts");
        var before = (await GetJsonAsync($"/api/printers/{printer}")).GetProperty("trackRecord").GetProperty("parts").GetInt32();

        await card.GetByRole(AriaRole.Button, new() { Name = "Bed cleared" }).ClickAsync();

        await Expect(card).Not.ToHaveAttributeAsync("data-state", "needs-bed-clear", new() { Timeout = 15_000 });
        var after = await GetJsonAsync($"/api/printers/{printer}");
        Assert.Multiple(async () =>
        {
            Assert.That((await GetJsonAsync($"/api/jobs/{bedJob}")).GetProperty("goodParts").GetInt32(), Is.EqualTo(parts), "every part of the plate is good");
            Assert.That(after.GetProperty("trackRecord").GetProperty("parts").GetInt32(), Is.EqualTo(before + parts), "the printer's count rose by the plate");
        });
    });

    [Test]
    [CancelAfter(120_000)]
    public Task Pause_and_resume_from_a_card(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        var card = page.Locator("li.card[data-state='printing']").First;
        await card.WaitForAsync(new() { Timeout = 60_000 });
        var id = (await card.GetAttributeAsync("data-printer-id"))!;
        var mine = page.Locator($"li.card[data-printer-id='{id}']");
        await mine.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await EventuallyAsync(async () => (await StateAsync(id)) == "paused", TimeSpan.FromSeconds(20), $"{id} paused");
        await Expect(mine).ToHaveAttributeAsync("data-state", "paused", new() { Timeout = 15_000 });
        await mine.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await EventuallyAsync(async () => (await StateAsync(id)) is "printing" or "needs-bed-clear" or "ready", TimeSpan.FromSeconds(20), $"{id} printing again");
    });

    [Test]
    [CancelAfter(120_000)]
    public Task An_emergency_stop_is_asked_first_and_keeping_it_sends_nothing(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        var card = page.Locator("li.card[data-state='printing']").First;
        await card.WaitForAsync(new() { Timeout = 60_000 });
        var id = (await card.GetAttributeAsync("data-printer-id"))!;
        var name = (await card.Locator(".card-name").InnerTextAsync()).Trim();
        await page.Locator($"li.card[data-printer-id='{id}']").GetByRole(AriaRole.Button, new() { Name = "Emergency stop" }).ClickAsync();
        var dialog = page.Locator("dialog#confirm");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(dialog).Not.ToBeVisibleAsync();
        await Task.Delay(1500, cancellation);
        Assert.That(await StateAsync(id), Is.Not.EqualTo("error"), "no M112 was sent");
    });

    [Test]
    [CancelAfter(120_000)]
    public Task Maintenance_is_asked_first_then_taken_and_ended_from_the_card(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        const string printer = "marta-ender3";
        var card = page.Locator($"li.card[data-printer-id='{printer}']");
        await card.WaitForAsync(new() { Timeout = 60_000 });
        await EventuallyAsync(async () => (await StateAsync(printer)) is "needs-bed-clear" or "ready", TimeSpan.FromSeconds(60), $"{printer} not printing");
        await card.GetByRole(AriaRole.Button, new() { Name = "Maintenance", Exact = true }).ClickAsync();
        var dialog = page.Locator("dialog#confirm");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
        await EventuallyAsync(async () => (await StateAsync(printer)) == "maintenance", TimeSpan.FromSeconds(15), $"{printer} in maintenance");
        await Expect(card).ToHaveAttributeAsync("data-state", "maintenance", new() { Timeout = 15_000 });
        await card.GetByRole(AriaRole.Button, new() { Name = "End maintenance" }).ClickAsync();
        await EventuallyAsync(async () => (await StateAsync(printer)) == "needs-bed-clear", TimeSpan.FromSeconds(15), $"{printer} back, waiting for a bed check");
    });

    [Test]
    [CancelAfter(120_000)]
    public async Task A_viewer_sees_no_controls_and_the_api_refuses_them_too(CancellationToken cancellation)
    {
        var viewer = await CreateKeyAsync("viewer", "wall-screen", null);
        await WithPageAsync(viewer, "en-GB", async page =>
        {
            await page.Locator("li.card[data-state='printing']").First.WaitForAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "live", new() { Timeout = 30_000 });
            await page.WaitForFunctionAsync("() => document.body.dataset.role === 'viewer'");
            Assert.Multiple(async () =>
            {
                Assert.That(await page.Locator("[data-role='actions'] button:visible").CountAsync(), Is.Zero, "no action buttons");
                Assert.That(await page.Locator("form.clear-form:visible").CountAsync(), Is.Zero, "no bed-clear form");
            });
        });
        using var client = Client(viewer);
        using var refused = await client.PostAsync("/api/printers/poblenou-mk3s-1/actions/pause", null, cancellation);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(cancellation);
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("viewer"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_maker_sees_only_their_own_printers(CancellationToken cancellation)
    {
        var maker = await CreateKeyAsync("maker", "laia", "laia");
        var all = await GetJsonAsync("/api/printers?limit=500");
        var hers = all.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("owner").GetString() == "laia").Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.That(hers, Is.Not.Empty, "the demo has a printer of Laia's");
        await WithPageAsync(maker, "en-GB", async page =>
        {
            await page.Locator("li.card").First.WaitForAsync(new() { Timeout = 60_000 });
            await page.WaitForFunctionAsync("() => document.body.dataset.role === 'maker'");
            var shown = await page.Locator("li.card").EvaluateAllAsync<string[]>("(cards) => cards.map((c) => c.dataset.printerId)");
            Assert.That(shown, Is.EquivalentTo(hers));
            // Her "what to do now" comes first, about her printers only; the staff desks are not on her page.
            await Expect(page.Locator("#todo-panel")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            var todo = await page.Locator("#todo li[data-printer-id]").EvaluateAllAsync<string[]>("(items) => items.map((i) => i.dataset.printerId)");
            Assert.That(todo, Is.SubsetOf(hers));
            await Expect(page.Locator("#todo-summary")).ToContainTextAsync("good parts made");
            foreach (var desk in StaffDesks)
                await Expect(page.Locator(desk)).ToBeHiddenAsync();
        });
        using var client = Client(maker);
        using var other = await client.PostAsync("/api/printers/poblenou-mk3s-1/actions/pause", null, cancellation);
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another's printer does not exist for her");
        using var key = await client.PostAsJsonAsync("/api/keys", new { name = "mine", role = "admin" }, cancellation);
        using var approve = await client.PatchAsync("/api/designs/ear-saver", JsonContent.Create(new { approval = "withdrawn" }), cancellation);
        using var node = await client.PostAsJsonAsync("/api/nodes", new { id = "node-laia" }, cancellation);
        Assert.Multiple(() =>
        {
            Assert.That(key.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no keys for a maker");
            Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no approvals for a maker");
            Assert.That(node.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no nodes for a maker");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_demand_is_added_changed_and_cancelled_from_the_page(CancellationToken cancellation)
    {
        const string requester = "Residència Gràcia";
        using (var created = await _admin.PostAsJsonAsync(new Uri("/api/requesters", UriKind.Relative), new { name = requester, kind = "care-home" }, cancellation))
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync(cancellation));
        await WithPageAsync(_adminKey, "en-GB", page => AddChangeAndCancelAsync(page, requester));
    }

    private async Task AddChangeAndCancelAsync(IPage page, string requester)
    {
        var form = page.Locator("#demand-form");
        await form.WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("#demand-form select[name='designId'] option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await form.Locator($"select[name='requester'] option[value='{requester}']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await form.Locator("select[name='requester']").SelectOptionAsync(requester);
        await form.Locator("select[name='designId']").SelectOptionAsync("ear-saver");
        await form.Locator("input[name='quantity']").FillAsync("25");
        await form.Locator("input[name='priority']").FillAsync("2");
        await form.Locator("select[name='node'] option[value='node-gracia']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await form.Locator("select[name='node']").SelectOptionAsync("node-gracia");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add demand" }).ClickAsync();
        await Expect(page.Locator("#demand-status")).ToContainTextAsync("added for Residència Gràcia", new() { Timeout = 15_000 });

        var demand = await DemandOfAsync(requester);
        Assert.That((demand.GetProperty("quantity").GetInt32(), demand.GetProperty("requesterKind").GetString(), demand.GetProperty("node").GetString(), demand.GetProperty("priority").GetInt32()),
            Is.EqualTo((25, "care-home", "node-gracia", 2)));
        var id = demand.GetProperty("id").GetInt64();
        var row = page.Locator($"#demand-list tr[data-demand-id='{id}']");
        await row.Locator("input").First.FillAsync("30");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await EventuallyAsync(async () => (await GetJsonAsync($"/api/demands/{id}")).GetProperty("quantity").GetInt32() == 30, TimeSpan.FromSeconds(15), "the quantity changed to 30");

        await page.Locator($"#demand-list tr[data-demand-id='{id}']").GetByRole(AriaRole.Button, new() { Name = "Cancel demand" }).ClickAsync();
        var dialog = page.Locator("dialog#confirm");
        await Expect(dialog).ToContainTextAsync(requester);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
        await EventuallyAsync(async () => (await GetJsonAsync($"/api/demands/{id}")).GetProperty("state").GetString() == "cancelled", TimeSpan.FromSeconds(15), "the demand cancelled");
        await Expect(page.Locator($"#demand-list tr[data-demand-id='{id}']")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
    }

    [Test]
    [CancelAfter(240_000)]
    public Task Intake_at_a_node_records_collected_passed_rejected_with_a_reason_and_delivered(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        // A node line with at least four parts printed and waiting to be collected.
        (string Node, string Design, string Requester) line = default;
        await EventuallyAsync(async () =>
        {
            foreach (var node in (await GetJsonAsync("/api/nodes")).GetProperty("items").EnumerateArray())
            {
                foreach (var l in node.GetProperty("lines").EnumerateArray())
                {
                    if (l.GetProperty("printed").GetInt64() >= 4 && l.GetProperty("requester").GetString() != "stock")
                    {
                        line = (node.GetProperty("node").GetString()!, l.GetProperty("designId").GetString()!, l.GetProperty("requester").GetString()!);
                        return true;
                    }
                }
            }
            return false;
        }, TimeSpan.FromSeconds(180), "four parts printed for a requester at some node");
        await page.Locator("#intake-node option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.Locator("#intake-node").SelectOptionAsync(line.Node!);
        var row = page.Locator($"#intake tr[data-design='{line.Design}'][data-requester='{line.Requester}']");
        var before = await LineAsync(line);

        async Task StepAsync(string step, int count, string? reason = null)
        {
            await row.Locator("input[type='number']").FillAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await row.Locator("input.reason").FillAsync(reason ?? "");
            await row.GetByRole(AriaRole.Button, new() { Name = step, Exact = true }).ClickAsync();
        }

        // More than was printed is stopped on the page, and nothing is recorded.
        await StepAsync("Collected", 1_000_000);
        await Expect(row.Locator(".row-status")).ToContainTextAsync("is more than", new() { Timeout = 5_000 });
        Assert.That((await LineAsync(line)).Collected, Is.EqualTo(before.Collected));

        await StepAsync("Collected", 3);
        await EventuallyAsync(async () => (await LineAsync(line)).Collected == before.Collected + 3, TimeSpan.FromSeconds(15), "3 collected");
        await StepAsync("Passed", 1);
        await EventuallyAsync(async () => (await LineAsync(line)).Passed == before.Passed + 1, TimeSpan.FromSeconds(15), "1 passed");
        // A rejection needs its reason, then a yes.
        await StepAsync("Rejected", 1);
        await Expect(row.Locator(".row-status")).ToHaveTextAsync("Say why the parts are rejected.");
        await StepAsync("Rejected", 1, "warped clips");
        await page.Locator("dialog#confirm").GetByRole(AriaRole.Button, new() { Name = "Yes, do it" }).ClickAsync();
        await EventuallyAsync(async () => (await LineAsync(line)).Rejected == before.Rejected + 1, TimeSpan.FromSeconds(15), "1 rejected");
        await StepAsync("Delivered", 1);
        await EventuallyAsync(async () => (await LineAsync(line)).Delivered == before.Delivered + 1, TimeSpan.FromSeconds(15), "1 delivered");
        await Expect(row.Locator("[data-field='delivered']")).ToHaveTextAsync((before.Delivered + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
    });

    private sealed record NodeCounts(long Printed, long Collected, long Passed, long Rejected, long Delivered);

    private async Task<NodeCounts> LineAsync((string Node, string Design, string Requester) line)
    {
        var node = (await GetJsonAsync("/api/nodes")).GetProperty("items").EnumerateArray().Single(n => n.GetProperty("node").GetString() == line.Node);
        var l = node.GetProperty("lines").EnumerateArray().Single(x => x.GetProperty("designId").GetString() == line.Design && x.GetProperty("requester").GetString() == line.Requester);
        return new NodeCounts(l.GetProperty("printed").GetInt64(), l.GetProperty("collected").GetInt64(), l.GetProperty("passed").GetInt64(),
            l.GetProperty("rejected").GetInt64(), l.GetProperty("delivered").GetInt64());
    }

    private async Task<JsonElement> DemandOfAsync(string requester)
    {
        JsonElement found = default;
        await EventuallyAsync(async () =>
        {
            var list = await GetJsonAsync($"/api/demands?requester={Uri.EscapeDataString(requester)}");
            var items = list.GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 0)
                return false;
            found = items[0];
            return true;
        }, TimeSpan.FromSeconds(15), $"a demand of {requester}");
        return found;
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = _daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await _admin.GetAsync(new Uri(url, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> StateAsync(string printer) => (await GetJsonAsync($"/api/printers/{printer}")).GetProperty("state").GetString();

    private async Task<string> CreateKeyAsync(string role, string name, string? owner)
    {
        using var response = await _admin.PostAsJsonAsync(new Uri("/api/keys", UriKind.Relative), new { name, role, owner });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(250);
        }
        Assert.Fail($"not within {timeout.TotalSeconds:0} s: {what}");
    }

    /// <summary>A page of its own (its own storage), signed in with <paramref name="key"/>; a screenshot and the browser's log if it fails.</summary>
    private async Task WithPageAsync(string key, string locale, Func<IPage, Task> body, Uri? through = null, ViewportSize? viewport = null, ColorScheme scheme = ColorScheme.Light)
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 1000 },
            ColorScheme = scheme,
        });
        var page = await context.NewPageAsync();
        var log = new List<string>();
        page.Console += (_, message) => { lock (log) log.Add($"console.{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (log) log.Add($"page error: {error}"); };
        try
        {
            await page.GotoAsync($"{(through ?? _daemon.BaseAddress).GetLeftPart(UriPartial.Authority)}/#key={Uri.EscapeDataString(key)}");
            await body(page);
            // PRINTFARM_DOC_SCREENSHOTS=docs/images: each task's page as it ended, for docs/dashboard.md.
            if (Environment.GetEnvironmentVariable("PRINTFARM_DOC_SCREENSHOTS") is { Length: > 0 } docs)
            {
                Directory.CreateDirectory(docs);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, $"{ScreenshotName()}.png") });
            }
            lock (log)
                Assert.That(log.Where(l => l.StartsWith("page error", StringComparison.Ordinal)), Is.Empty, "no script error on the page");
        }
        catch (Exception) when (!page.IsClosed)
        {
            lock (log)
                TestContext.Out.WriteLine(string.Join('\n', log));
            try
            {
                await SaveScreenshotAsync(page, $"{ScreenshotName()}-failure.png");
            }
            catch (PlaywrightException e)
            {
                TestContext.Out.WriteLine($"no failure screenshot: {e.Message}");
            }
            throw;
        }
    }

    /// <summary>The test's name as a file name: a test case's arguments become part of it, "Axe_…(400,860)" → "Axe_…-400-860".</summary>
    private static string ScreenshotName() =>
        System.Text.RegularExpressions.Regex.Replace(TestContext.CurrentContext.Test.Name, "[^A-Za-z0-9_]+", "-").TrimEnd('-');

    private static async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
    }
}
