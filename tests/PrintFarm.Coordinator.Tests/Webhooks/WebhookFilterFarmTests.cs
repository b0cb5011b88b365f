using System.Net;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Webhooks;

/// <summary>A demand printed, checked at its node and delivered on a real serve: each webhook hears only what its filters let through.</summary>
public sealed class WebhookFilterFarmTests
{
    [Test]
    [CancelAfter(150_000)]
    public async Task Webhooks_WithFilters_HearOnlyTheirRequestersAndSites()
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(3, 0, FarmConfigs.Printer("auto-1", autoClearBed: true, timeScale: 1000)));
        await using var mar = new WebhookReceiver(TestFarm.FreePort());
        await using var clinic = new WebhookReceiver(TestFarm.FreePort());
        await using var elsewhere = new WebhookReceiver(TestFarm.FreePort());
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        string[] kinds = ["job.completed", "parts.rejected", "demand.met"];
        await WebhookDeliveryTests.AddWebhookAsync(staff, new { url = mar.Url, events = kinds, requester = "Hospital del Mar" });
        await WebhookDeliveryTests.AddWebhookAsync(staff, new { url = clinic.Url, events = kinds, requester = "Hospital Clínic" });
        await WebhookDeliveryTests.AddWebhookAsync(staff, new { url = elsewhere.Url, events = kinds, site = "another-lab" });

        object Step(int count) => new { designId = "ear-saver", requester = "Hospital del Mar", count };
        async Task PrintedAsync(int count) => await Http.EventuallyAsync(async () => (await staff.GetJsonAsync("/api/ledger")).GetProperty("items").EnumerateArray()
            .Any(l => l.GetProperty("designId").GetString() == "ear-saver" && l.GetProperty("printed").GetInt64() >= count), TimeSpan.FromSeconds(60), $"{count} ear savers printed");
        async Task StepsAsync(params (string Step, int Count)[] steps)
        {
            foreach (var (step, count) in steps)
            {
                using var response = await staff.PostJsonAsync($"/api/nodes/node-poblenou/{step}", Step(count));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            }
        }

        // Three asked for; one of the three printed is rejected, so a fourth is printed and the demand is met with it.
        await PrintedAsync(3);
        await StepsAsync(("collected", 3), ("passed", 2), ("rejected", 1), ("delivered", 2));
        await PrintedAsync(1);
        await StepsAsync(("collected", 1), ("passed", 1), ("delivered", 1));

        await Http.EventuallyAsync(() => Task.FromResult(mar.Taken.Any(r => r.Kind == "demand.met")), TimeSpan.FromSeconds(30), "the demand met");
        await Task.Delay(1000);
        var rejected = mar.Taken.Single(r => r.Kind == "parts.rejected").Json.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(mar.Taken.Select(r => r.Kind), Does.Contain("job.completed"));
            Assert.That(rejected.GetProperty("node").GetString(), Is.EqualTo("node-poblenou"));
            Assert.That(rejected.GetProperty("count").GetInt32(), Is.EqualTo(1));
            Assert.That(mar.Taken.Single(r => r.Kind == "demand.met").Json.GetProperty("data").GetProperty("delivered").GetInt32(), Is.EqualTo(3));
            Assert.That(clinic.Requests, Is.Zero, "another requester's webhook hears nothing");
            Assert.That(elsewhere.Requests, Is.Zero, "another site's webhook hears nothing");
        });
    }
}
