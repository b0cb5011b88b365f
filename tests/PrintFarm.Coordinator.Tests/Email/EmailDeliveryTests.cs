using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Coordinator.Webhooks;

namespace PrintFarm.Coordinator.Tests.Email;

/// <summary>
/// E-mail against a real serve and a real SMTP server on loopback (aiosmtpd): batched per kind and window, a maker's
/// address hears only of her own printers, and what waits survives a restart while the server is away.
/// </summary>
public sealed class EmailDeliveryTests
{
    private static readonly string[] Errors = ["printer.error"];

    private static string MakerPrinter(string id, string owner) => $$"""
        { "id": "{{id}}", "name": "{{id}} at home", "site": "homes", "owner": "{{owner}}", "ownerKind": "maker", "port": "virtual", "profile": "prusa",
          "bedXMm": 250, "bedYMm": 210, "material": "PLA", "autoClearBed": false, "virtual": { "dialect": "prusa", "timeScale": 1000, "baud": 2000000 } }
        """;

    private static string Config() => FarmConfigs.Farm(0, 0,
        MakerPrinter("anna-1", "anna"), MakerPrinter("anna-2", "anna"), MakerPrinter("bert-1", "bert"),
        FarmConfigs.Printer("lab-1", autoClearBed: false, timeScale: 1000));

    private static Dictionary<string, string?> Email(int port, double windowSeconds, double gatherSeconds = 2) => new()
    {
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "none",
        ["Email:From"] = "Farm <farm@lab.example>",
        ["Email:WindowSeconds"] = windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:GatherSeconds"] = gatherSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:TimeoutSeconds"] = "5",
    };

    internal static async Task<long> AddRecipientAsync(HttpClient client, object body)
    {
        using var response = await client.PostJsonAsync("/api/email-recipients", body);
        var json = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    /// <summary>An error on a printer, as the farm's event source puts it: site and owner left for the outbox to find.</summary>
    private static void Error(TestFarm farm, string printerId)
    {
        var source = farm.Services.GetRequiredService<WebhookEventSource>();
        source.Publish(new WebhookEvent("printer.error", DateTimeOffset.UtcNow, new { id = printerId, name = printerId + " at home", state = "error" }, printerId, null));
    }

    private static string Text(MimeMessage message) => message.TextBody ?? "";

    private static int Lines(MimeMessage message, string printerPrefix) =>
        Text(message).Split('\n').Count(l => l.Contains(" is in error", StringComparison.Ordinal) && l.Contains(printerPrefix, StringComparison.Ordinal));

    [Test]
    [CancelAfter(120_000)]
    public async Task Events_AreBatchedOneMessagePerKind_AndAMakerHearsOnlyOfHerOwnPrinters()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var farm = await TestFarm.StartAsync(Config(), Email(sink.Port, windowSeconds: 10));
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var anna = farm.Client(await farm.CreateKeyAsync("maker", "anna", owner: "anna"));
        using var bert = farm.Client(await farm.CreateKeyAsync("maker", "bert", owner: "bert"));
        await AddRecipientAsync(staff, new { address = "desk@lab.example", events = Errors });
        await AddRecipientAsync(anna, new { address = "anna@example.org", events = Errors });
        await AddRecipientAsync(bert, new { address = "bert@example.org", events = Errors });

        foreach (var printer in new[] { "anna-1", "anna-2", "anna-1", "bert-1", "bert-1", "lab-1" })
            Error(farm, printer);

        await Http.EventuallyAsync(() => Task.FromResult(sink.To("desk@lab.example").Count >= 1 && sink.To("anna@example.org").Count >= 1 && sink.To("bert@example.org").Count >= 1),
            TimeSpan.FromSeconds(30), "a message to each address");
        var desk = sink.To("desk@lab.example").Single();
        var annas = sink.To("anna@example.org").Single();
        var berts = sink.To("bert@example.org").Single();
        Assert.Multiple(() =>
        {
            Assert.That(desk.Subject, Is.EqualTo("[PrintFarm] 6 x printer error"));
            Assert.That(Lines(desk, "anna-") + Lines(desk, "bert-") + Lines(desk, "lab-1"), Is.EqualTo(6), Text(desk));
            Assert.That(annas.Subject, Is.EqualTo("[PrintFarm] 3 x printer error"));
            Assert.That(Lines(annas, "anna-"), Is.EqualTo(3), Text(annas));
            Assert.That(Text(annas), Does.Not.Contain("bert").And.Not.Contain("lab-1"), "a maker never hears of another's printer");
            Assert.That(Lines(berts, "bert-1"), Is.EqualTo(2), Text(berts));
            Assert.That(Text(berts), Does.Not.Contain("anna"));
            Assert.That(annas.From.Mailboxes.Single().Address, Is.EqualTo("farm@lab.example"));
            Assert.That(annas.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"));
            Assert.That(annas.Headers["X-PrintFarm-Event"], Is.EqualTo("printer.error"));
        });

        // Within the window, more of the same kind wait for it to pass, and then go out together.
        var firstAt = DateTimeOffset.UtcNow;
        Error(farm, "anna-1");
        Error(farm, "anna-2");
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.That(sink.To("anna@example.org"), Has.Count.EqualTo(1), "no second message of a kind within the window");
        await Http.EventuallyAsync(() => Task.FromResult(sink.To("anna@example.org").Count >= 2), TimeSpan.FromSeconds(30), "the window's batch");
        var second = sink.To("anna@example.org")[1];
        Assert.Multiple(() =>
        {
            Assert.That(second.Subject, Is.EqualTo("[PrintFarm] 2 x printer error"));
            Assert.That(Lines(second, "anna-"), Is.EqualTo(2), Text(second));
            Assert.That(DateTimeOffset.UtcNow - firstAt, Is.GreaterThan(TimeSpan.FromSeconds(5)), "it came after the window, not at once");
            Assert.That(sink.To("bert@example.org"), Has.Count.EqualTo(1), "bert heard nothing of anna's printers");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task WhatWaits_SurvivesARestart_WhileTheServerIsAway()
    {
        var sink = SmtpSink.Create();
        await using var _ = sink;
        var data = Directory.CreateTempSubdirectory("printfarm-test-").FullName;
        // Stopped, not disposed: disposing a farm removes its data folder, which the second start needs.
        var farm = await TestFarm.StartAsync(Config(), Email(sink.Port, windowSeconds: 5, gatherSeconds: 0), dataDirectory: data);
        try
        {
            using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
            await AddRecipientAsync(staff, new { address = "desk@lab.example", events = Errors, site = "homes" });
            Error(farm, "anna-1");
            Error(farm, "bert-1");
            Error(farm, "lab-1"); // Another site: not for this address.
            await Task.Delay(TimeSpan.FromSeconds(3)); // The sender tries, and finds no server.
            await farm.StopAsync();
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }
        Assert.That(sink.Messages(), Is.Empty);

        await sink.StartServerAsync();
        await using var again = await TestFarm.StartAsync(Config(), Email(sink.Port, windowSeconds: 5, gatherSeconds: 0), dataDirectory: data);
        await Http.EventuallyAsync(() => Task.FromResult(sink.To("desk@lab.example").Count >= 1), TimeSpan.FromSeconds(30), "the kept message");
        var message = sink.To("desk@lab.example").Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Subject, Is.EqualTo("[PrintFarm] 2 x printer error"));
            Assert.That(Lines(message, "anna-1") + Lines(message, "bert-1"), Is.EqualTo(2), Text(message));
            Assert.That(Text(message), Does.Not.Contain("lab-1"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ARealPrint_IsToldToItsMaker()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var farm = await TestFarm.StartAsync(Config(), Email(sink.Port, windowSeconds: 30, gatherSeconds: 1));
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var anna = farm.Client(await farm.CreateKeyAsync("maker", "anna", owner: "anna"));
        await Http.EventuallyAsync(async () => (await staff.GetJsonAsync("/api/printers/anna-1")).GetProperty("state").GetString() == "needs-bed-clear",
            TimeSpan.FromSeconds(30), "anna-1 connected");
        await AddRecipientAsync(anna, new { address = "anna@example.org", events = new[] { "job.completed", "printer.needs-bed-clear" } });

        using var cleared = await anna.PostAsync("/api/printers/anna-1/actions/clear-bed", null);
        Assert.That(cleared.IsSuccessStatusCode, await cleared.Content.ReadAsStringAsync());
        using var queued = await staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 1, printerId = "anna-1", node = "lab" });
        Assert.That(queued.IsSuccessStatusCode, await queued.Content.ReadAsStringAsync());

        await Http.EventuallyAsync(() => Task.FromResult(sink.To("anna@example.org").Count >= 2), TimeSpan.FromSeconds(60), "completed and bed-clear messages");
        var messages = sink.To("anna@example.org");
        Assert.Multiple(() =>
        {
            Assert.That(messages.Select(m => m.Subject), Is.EquivalentTo(new[] { "[PrintFarm] job completed", "[PrintFarm] printer needs its bed cleared" }));
            Assert.That(Text(messages.Single(m => (m.Subject ?? "").Contains("bed", StringComparison.Ordinal))), Does.Contain("anna-1 at home (anna-1) at homes needs its bed cleared"));
            Assert.That(Text(messages.Single(m => (m.Subject ?? "").Contains("completed", StringComparison.Ordinal))), Does.Match(@"job \d+ \(\d+ ear-saver for stock\) completed on anna-1"));
        });
    }
}
