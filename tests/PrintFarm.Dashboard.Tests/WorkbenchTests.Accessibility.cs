using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>
/// The page for everyone: axe-core's WCAG 2.1 A and AA rules (contrast among them) find nothing at a phone's width,
/// a laptop's and a full-HD screen's; every control shows where the focus is; a printer is found and driven with the
/// keyboard alone; and a maker on a phone sees what to do first, without the page scrolling sideways.
/// </summary>
public sealed partial class WorkbenchTests
{
    private static readonly string[] WcagAa = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    [TestCase(400, 860, "ca-ES", ColorScheme.Light)]
    [TestCase(1400, 900, "en-GB", ColorScheme.Light)]
    [TestCase(1400, 900, "ca-ES", ColorScheme.Dark)]
    [TestCase(1920, 1080, "es-ES", ColorScheme.Light)]
    [CancelAfter(150_000)]
    public Task Axe_finds_no_WCAG_AA_problem(int width, int height, string locale, ColorScheme scheme, CancellationToken cancellation) => WithPageAsync(_adminKey, locale, async page =>
    {
        await WholePageAsync(page);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagAa] } });
        Assert.That(Problems(result), Is.Empty, $"axe-core, WCAG 2.1 AA at {width}×{height} in {locale}, {scheme} colours");
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth + 1"), Is.True, "the page does not scroll sideways");
    }, viewport: new ViewportSize { Width = width, Height = height }, scheme: scheme);

    [TestCase(ColorScheme.Light)]
    [TestCase(ColorScheme.Dark)]
    [CancelAfter(60_000)]
    public async Task The_key_form_passes_axe_too(ColorScheme scheme, CancellationToken cancellation)
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ca-ES", ColorScheme = scheme, ViewportSize = new ViewportSize { Width = 400, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_daemon.BaseAddress.GetLeftPart(UriPartial.Authority) + "/");
        await Expect(page.Locator("#auth")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagAa] } });
        Assert.That(Problems(result), Is.Empty, $"axe-core on the key form, {scheme} colours");
    }

    [Test]
    [CancelAfter(150_000)]
    public Task Every_control_shows_where_the_keyboard_focus_is(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        await WholePageAsync(page);
        await page.Keyboard.PressAsync("Tab"); // from here on the browser shows focus as it does for the keyboard
        var unmarked = await page.EvaluateAsync<string[]>("""
            () => {
              const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
                .filter((e) => !e.disabled && e.getClientRects().length > 0 && !e.closest('[hidden], dialog:not([open])'));
              const unmarked = [];
              for (const control of controls) {
                control.focus();
                if (document.activeElement !== control) continue;
                const style = getComputedStyle(control);
                const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                if (!outlined && style.boxShadow === 'none') unmarked.push(control.outerHTML.slice(0, 120));
              }
              return unmarked;
            }
            """);
        Assert.That(unmarked, Is.Empty, "controls without a visible focus mark");
    });

    [Test]
    [CancelAfter(150_000)]
    public Task A_printer_is_found_paused_and_resumed_with_the_keyboard_alone(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "live", new() { Timeout = 60_000 });
        var printing = page.Locator("li.card[data-state='printing']").First;
        await printing.WaitForAsync(new() { Timeout = 60_000 });
        var id = (await printing.GetAttributeAsync("data-printer-id"))!;
        var name = (await printing.Locator(".card-name").InnerTextAsync()).Trim();

        // The first Tab reaches the skip link, and following it puts the focus in the page's content.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await TabUntilAsync(page, "#printer-find");
        await page.Keyboard.TypeAsync(name);
        var card = page.Locator($"li.card[data-printer-id='{id}']");
        await Expect(page.Locator("#printers li.card:not([hidden])")).ToHaveCountAsync(1);

        await TabUntilAsync(page, $"li.card[data-printer-id='{id}'] button[data-action='pause']");
        await page.Keyboard.PressAsync("Enter");
        await EventuallyAsync(async () => (await StateAsync(id)) == "paused", TimeSpan.FromSeconds(20), $"{id} paused from the keyboard");
        // The buttons change with the state; the focus stays on the card, on the button that took Pause's place.
        await Expect(card.Locator("button[data-action='resume']")).ToBeFocusedAsync(new() { Timeout = 15_000 });
        await page.Keyboard.PressAsync("Enter");
        await EventuallyAsync(async () => (await StateAsync(id)) is "printing" or "needs-bed-clear" or "ready", TimeSpan.FromSeconds(20), $"{id} resumed from the keyboard");

        // What cannot be undone asks first, and Escape keeps it: an emergency stop while it prints, else maintenance.
        await Expect(card.Locator("[data-action='emergency-stop'], [data-action='maintenance']").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        var before = await StateAsync(id);
        var action = await card.Locator("[data-action='emergency-stop']").CountAsync() > 0 ? "emergency-stop" : "maintenance";
        await TabUntilAsync(page, $"li.card[data-printer-id='{id}'] button[data-action='{action}']");
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("dialog#confirm");
        await Expect(dialog).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).Not.ToBeVisibleAsync();
        await Expect(card.Locator($"button[data-action='{action}']")).ToBeFocusedAsync();
        await Task.Delay(1000, cancellation);
        Assert.That(await StateAsync(id), Is.Not.EqualTo(action == "maintenance" ? "maintenance" : "error"), $"Escape sent nothing (it was {before})");
    });

    [Test]
    [CancelAfter(150_000)]
    public async Task On_a_phone_a_maker_sees_what_to_do_first_and_nothing_scrolls_sideways(CancellationToken cancellation)
    {
        var maker = await CreateKeyAsync("maker", "marta-phone", "marta");
        await WithPageAsync(maker, "ca-ES", async page =>
        {
            await page.Locator("li.card[data-built]").First.WaitForAsync(new() { Timeout = 60_000 });
            await page.WaitForFunctionAsync("() => document.body.dataset.role === 'maker'");
            var todo = page.Locator("#todo-panel");
            await Expect(todo).ToBeVisibleAsync(new() { Timeout = 15_000 });
            // Her collection point by its name, not its id, though the intake desk is not on her page.
            await Expect(page.Locator("#todo-summary")).ToContainTextAsync("Punt de recollida Nou Barris", new() { Timeout = 15_000 });
            var box = await todo.BoundingBoxAsync();
            Assert.That(box, Is.Not.Null);
            Assert.That(box!.Y, Is.LessThan(860 / 2), "what to do now starts in the top half of the screen");
            var layout = await page.EvaluateAsync<double[]>("""
                () => [document.documentElement.scrollWidth - innerWidth,
                       new Set([...document.querySelectorAll('#printers li.card')].map((c) => Math.round(c.getBoundingClientRect().left))).size,
                       Math.max(0, ...[...document.querySelectorAll('#job-queue tbody tr')].map((r) => r.getBoundingClientRect().height))]
                """);
            Assert.Multiple(() =>
            {
                Assert.That(layout[0], Is.LessThanOrEqualTo(1), "the page does not scroll sideways");
                Assert.That(layout[1], Is.EqualTo(1), "one column of cards");
                Assert.That(layout[2], Is.LessThan(120), "a job row is a few lines at most");
            });
            var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagAa] } });
            Assert.That(Problems(result), Is.Empty, "axe-core on the maker's phone page");
        }, viewport: new ViewportSize { Width = 400, Height = 860 });
    }

    private static List<string> Problems(AxeResult result) =>
        [.. result.Violations.SelectMany(v => v.Nodes.Select(n =>
            $"{v.Id} ({v.Impact}) at {n.Target}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))} in {n.Html[..Math.Min(n.Html.Length, 100)]}"))];

    /// <summary>Waits until every view and desk has its data, so the checks see the page a person works with.</summary>
    private static async Task WholePageAsync(IPage page)
    {
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-conn", "live", new() { Timeout = 60_000 });
        await page.Locator("li.card[data-state='printing'][data-built]").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("#demand [data-design-id]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.Locator("#job-queue [data-job-id]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.Locator("#demands-panel tbody tr").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.Locator("#keys-panel tbody tr").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        // The panels below the screen are laid out only when near it: scroll through them once, as a reader would.
        await page.EvaluateAsync("async () => { for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) { scrollTo(0, y); await new Promise(requestAnimationFrame); } scrollTo(0, 0); }");
    }

    /// <summary>Presses Tab until the element <paramref name="selector"/> has the focus; fails after 400 presses.</summary>
    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await page.EvaluateAsync<bool>("(s) => document.activeElement?.matches(s) ?? false", selector))
                return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"400 presses of Tab did not reach {selector}");
    }
}
