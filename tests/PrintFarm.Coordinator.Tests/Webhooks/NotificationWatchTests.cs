using PrintFarm.Coordinator.Tests.Auth;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Webhooks;

/// <summary>The events that come from time passing: a printer offline too long, a demand that will miss its date. Each is told once.</summary>
public sealed class NotificationWatchTests
{
    private static readonly Dictionary<string, string?> QuickOffline = new() { ["OfflineNoticeMinutes"] = "0.05" };

    private static List<WebhookReceiver.Received> Of(WebhookReceiver receiver, string kind) => receiver.Taken.Where(r => r.Kind == kind).ToList();

    [Test]
    [CancelAfter(90_000)]
    public async Task APrinterOfflineTooLong_IsToldOnce()
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0), QuickOffline);
        await using var receiver = new WebhookReceiver(TestFarm.FreePort());
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        await WebhookDeliveryTests.AddWebhookAsync(staff, new { url = receiver.Url, events = new[] { "printer.offline" }, owner = "anna" });
        // An agent's printer that no agent has brought online, and another maker's.
        using (var added = await staff.PostJsonAsync("/api/printers", AuthTests.Printer("home-1", "homes", owner: "anna")))
            Assert.That(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        using (var added = await staff.PostJsonAsync("/api/printers", AuthTests.Printer("home-2", "homes", owner: "bert")))
            Assert.That(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        await Http.EventuallyAsync(() => Task.FromResult(Of(receiver, "printer.offline").Count >= 1), TimeSpan.FromSeconds(30), "the offline notice");
        await Task.Delay(TimeSpan.FromSeconds(4)); // Several looks later, still once.
        var told = Of(receiver, "printer.offline");
        Assert.Multiple(() =>
        {
            Assert.That(told, Has.Count.EqualTo(1), "once per spell offline, and only anna's printer for a webhook filtered on her");
            var data = told[0].Json.GetProperty("data");
            Assert.That(data.GetProperty("id").GetString(), Is.EqualTo("home-1"));
            Assert.That(data.GetProperty("owner").GetString(), Is.EqualTo("anna"));
            Assert.That(data.GetProperty("minutes").GetInt32(), Is.GreaterThanOrEqualTo(0));
            Assert.That(data.GetProperty("offlineSince").GetDateTimeOffset(), Is.LessThan(told[0].Json.GetProperty("at").GetDateTimeOffset()));
        });
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task ADemandThatWillMissItsDate_IsToldOnce()
    {
        // No printer at all: nothing can make the parts, so the forecast misses any date.
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0), QuickOffline);
        await using var receiver = new WebhookReceiver(TestFarm.FreePort());
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        await WebhookDeliveryTests.AddWebhookAsync(staff, new { url = receiver.Url, events = new[] { "demand.at-risk" } });
        using var created = await staff.PostJsonAsync("/api/demands",
            new { requester = "CAP Sant Andreu", designId = "ear-saver", quantity = 20, priority = 2, neededBy = DateTimeOffset.UtcNow.AddHours(6), node = "node-gracia" });
        var demand = await created.JsonAsync();
        Assert.That(created.IsSuccessStatusCode, demand.ToString());
        // A demand without a date is never at risk.
        using var undated = await staff.PostJsonAsync("/api/demands", new { requester = "Hospital del Mar", designId = "face-shield", quantity = 5, node = "node-gracia" });
        Assert.That(undated.IsSuccessStatusCode, await undated.Content.ReadAsStringAsync());

        await Http.EventuallyAsync(() => Task.FromResult(Of(receiver, "demand.at-risk").Count >= 1), TimeSpan.FromSeconds(30), "the at-risk notice");
        await Task.Delay(TimeSpan.FromSeconds(4));
        var told = Of(receiver, "demand.at-risk");
        Assert.Multiple(() =>
        {
            Assert.That(told, Has.Count.EqualTo(1));
            var data = told[0].Json.GetProperty("data");
            Assert.That(data.GetProperty("id").GetInt64(), Is.EqualTo(demand.GetProperty("id").GetInt64()));
            Assert.That(data.GetProperty("requester").GetString(), Is.EqualTo("CAP Sant Andreu"));
            Assert.That(data.GetProperty("stillNeeded").GetInt64(), Is.EqualTo(20));
            Assert.That(data.GetProperty("eta").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "no printer can make them");
        });
    }
}
