using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace PrintFarm.Dashboard.Tests;

/// <summary>A maker's "what to do now" says why her ready printer gets no job, from the API's idle reasons.</summary>
public sealed partial class WorkbenchTests
{
    [Test]
    [CancelAfter(240_000)]
    public async Task A_maker_is_told_why_her_ready_printer_gets_no_job(CancellationToken cancellation)
    {
        const string printer = "marta-ender3";
        var maker = await CreateKeyAsync("maker", "marta", "marta");
        using (var patched = await _admin.PatchAsync($"/api/printers/{printer}", JsonContent.Create(new { material = "ASA" }), cancellation))
            Assert.That(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync(cancellation));
        try
        {
            // Its bed cleared whenever it waits, it ends ready and without a job: nothing the farm owes prints in ASA.
            await EventuallyAsync(async () =>
            {
                var p = await GetJsonAsync($"/api/printers/{printer}");
                var state = p.GetProperty("state").GetString();
                if (state == "needs-bed-clear")
                {
                    using var cleared = await _admin.PostAsync($"/api/printers/{printer}/actions/clear-bed", null, cancellation);
                }
                return state == "ready" && p.GetProperty("job").ValueKind == JsonValueKind.Null;
            }, TimeSpan.FromSeconds(150), $"{printer} ready without a job");
            await WithPageAsync(maker, "en-GB", async page =>
            {
                var item = page.Locator($"#todo li[data-printer-id='{printer}'][data-state='ready']");
                await Expect(item).ToContainTextAsync("is ready but gets no job", new() { Timeout = 30_000 });
                await Expect(item).ToContainTextAsync("(this printer has ASA)");
            });
        }
        finally
        {
            using var back = await _admin.PatchAsync($"/api/printers/{printer}", JsonContent.Create(new { material = "PLA" }), CancellationToken.None);
        }
    }
}
