using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>The demand desk's requester list: a new requester added from the page, then its first demand.</summary>
public sealed partial class WorkbenchTests
{
    [Test]
    [CancelAfter(120_000)]
    public Task Requesters_a_new_one_is_added_from_the_page_and_given_its_first_demand(CancellationToken cancellation) => WithPageAsync(_adminKey, "en-GB", async page =>
    {
        const string requester = "Servei d'Atenció Domiciliària Sants";
        var requesterForm = page.Locator("#requester-form");
        await requesterForm.Locator("select[name='kind'] option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        // The demo's requesters are there to choose from, before any is added.
        await Expect(page.Locator("#demand-form select[name='requester'] option[value='Hospital Clínic']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        await requesterForm.Locator("input[name='name']").FillAsync(requester);
        await requesterForm.Locator("select[name='kind']").SelectOptionAsync("social-service");
        await requesterForm.GetByRole(AriaRole.Button, new() { Name = "Add requester" }).ClickAsync();
        await Expect(page.Locator("#requester-status")).ToContainTextAsync($"{requester} added (social services)", new() { Timeout = 15_000 });
        var listed = (await GetJsonAsync("/api/requesters")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("name").GetString() == requester);
        Assert.That(listed.GetProperty("kind").GetString(), Is.EqualTo("social-service"));

        // The new requester is the one chosen for the next demand.
        var form = page.Locator("#demand-form");
        await Expect(form.Locator("select[name='requester']")).ToHaveValueAsync(requester, new() { Timeout = 15_000 });
        await form.Locator("select[name='designId']").SelectOptionAsync("ear-saver");
        await form.Locator("input[name='quantity']").FillAsync("12");
        await form.Locator("select[name='node'] option[value='node-sants']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await form.Locator("select[name='node']").SelectOptionAsync("node-sants");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add demand" }).ClickAsync();
        await Expect(page.Locator("#demand-status")).ToContainTextAsync($"added for {requester}", new() { Timeout = 15_000 });

        var demand = await DemandOfAsync(requester);
        Assert.That((demand.GetProperty("designId").GetString(), demand.GetProperty("quantity").GetInt32(), demand.GetProperty("requesterKind").GetString(), demand.GetProperty("node").GetString()),
            Is.EqualTo(("ear-saver", 12, "social-service", "node-sants")), "the demand carries its requester's kind");
        await Expect(page.Locator($"#demand-list tr[data-demand-id='{demand.GetProperty("id").GetInt64()}']")).ToContainTextAsync(requester, new() { Timeout = 15_000 });

        // The same name again is refused, in the API's words behind the kind of refusal.
        await requesterForm.Locator("input[name='name']").FillAsync(requester);
        await requesterForm.GetByRole(AriaRole.Button, new() { Name = "Add requester" }).ClickAsync();
        await Expect(page.Locator("#requester-status")).ToContainTextAsync($"requester {requester} exists already", new() { Timeout = 15_000 });
        Assert.That((await GetJsonAsync("/api/requesters")).GetProperty("items").EnumerateArray().Count(r => r.GetProperty("name").GetString() == requester), Is.EqualTo(1));
    });
}
