using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Coordinator.Webhooks;

namespace PrintFarm.Coordinator.Tests.Webhooks;

/// <summary>Webhooks against a real serve and a real receiver on loopback: signed, in order per printer, retried, dead-lettered, kept over a restart.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly string[] JobAndBed = ["job.started", "job.completed", "printer.needs-bed-clear"];

    private static Task<TestFarm> StartFarmAsync(WebhookOptions options, string? dataDirectory = null) =>
        TestFarm.StartAsync(FarmConfigs.Farm(0, 0,
                FarmConfigs.Printer("wh-1", autoClearBed: false, timeScale: 1000),
                FarmConfigs.Printer("wh-2", autoClearBed: false, timeScale: 1000, site: "other-lab")),
            dataDirectory: dataDirectory, services: s => s.AddSingleton(options));

    private static WebhookOptions Quick(int attempts) => new()
    {
        MaxAttempts = attempts, FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(300), AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    internal static async Task<(long Id, string Secret)> AddWebhookAsync(HttpClient staff, object body)
    {
        using var response = await staff.PostJsonAsync("/api/webhooks", body);
        var json = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return (json.GetProperty("webhook").GetProperty("id").GetInt64(), json.GetProperty("secret").GetString()!);
    }

    /// <summary>Each printer, once it waits for its bed to be cleared, is cleared and prints one ear saver: started, completed, bed to clear.</summary>
    private static async Task PrintOneEachAsync(HttpClient staff, params string[] printers)
    {
        foreach (var printer in printers)
        {
            await Http.EventuallyAsync(async () => (await staff.GetJsonAsync($"/api/printers/{printer}")).GetProperty("state").GetString() == "needs-bed-clear",
                TimeSpan.FromSeconds(30), $"{printer} connected");
        }
        foreach (var printer in printers)
        {
            using var cleared = await staff.PostAsync($"/api/printers/{printer}/actions/clear-bed", null);
            Assert.That(cleared.IsSuccessStatusCode, await cleared.Content.ReadAsStringAsync());
            using var queued = await staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 1, printerId = printer, node = "lab" });
            Assert.That(queued.IsSuccessStatusCode, await queued.Content.ReadAsStringAsync());
        }
    }

    private static List<string> KindsFor(WebhookReceiver receiver, string printer) =>
        receiver.Taken.Where(r => r.PrinterId == printer).Select(r => r.Kind!).ToList();

    [Test]
    [CancelAfter(90_000)]
    public async Task Events_ReachAHealthyReceiver_SignedInOrderPerPrinter()
    {
        await using var farm = await StartFarmAsync(Quick(5));
        await using var receiver = new WebhookReceiver(TestFarm.FreePort());
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        var (_, secret) = await AddWebhookAsync(staff, new { url = receiver.Url, events = WebhookEvent.Kinds });

        await PrintOneEachAsync(staff, "wh-1", "wh-2");

        await Http.EventuallyAsync(() => Task.FromResult(KindsFor(receiver, "wh-1").Count >= 3 && KindsFor(receiver, "wh-2").Count >= 3), TimeSpan.FromSeconds(60), "both printers' events");
        var first = receiver.Taken.First();
        Assert.Multiple(() =>
        {
            Assert.That(KindsFor(receiver, "wh-1"), Is.EqualTo(JobAndBed));
            Assert.That(KindsFor(receiver, "wh-2"), Is.EqualTo(JobAndBed));
            Assert.That(receiver.Taken.All(r => WebhookSignature.Verify(secret, r.Body, r.Signature)), "every signature verifies with the webhook's secret");
            Assert.That(WebhookSignature.Verify("another-secret-entirely", first.Body, first.Signature), Is.False);
            Assert.That(first.EventId, Is.EqualTo(first.Json.GetProperty("id").GetString()));
            Assert.That(long.Parse(first.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(120));
            Assert.That(first.Json.GetProperty("data").GetProperty("designId").GetString(), Is.EqualTo("ear-saver"));
        });
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Receiver_FailingFiveTimesThenRecovering_GetsEveryEventOnceInOrder()
    {
        await using var farm = await StartFarmAsync(Quick(10));
        await using var receiver = new WebhookReceiver(TestFarm.FreePort()) { FailFirst = 5 };
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        var (id, _) = await AddWebhookAsync(staff, new { url = receiver.Url, events = WebhookEvent.Kinds });

        await PrintOneEachAsync(staff, "wh-1", "wh-2");

        await Http.EventuallyAsync(() => Task.FromResult(receiver.Taken.Count >= 6), TimeSpan.FromSeconds(60), "six events taken");
        await Task.Delay(500);
        Assert.Multiple(async () =>
        {
            Assert.That(receiver.Requests, Is.GreaterThanOrEqualTo(11), "five failures and six deliveries");
            Assert.That(receiver.Taken.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(receiver.Taken.Count), "no event twice");
            Assert.That(KindsFor(receiver, "wh-1"), Is.EqualTo(JobAndBed));
            Assert.That(KindsFor(receiver, "wh-2"), Is.EqualTo(JobAndBed));
            Assert.That(await staff.TotalAsync($"/api/webhooks/{id}/dead-letters"), Is.Zero);
        });
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Receiver_DownForTheWholeTest_EndsInTheDeadLetters()
    {
        await using var farm = await StartFarmAsync(Quick(3));
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        // Nothing listens on this port, until the dead letters are retried.
        var port = TestFarm.FreePort();
        var (id, _) = await AddWebhookAsync(staff, new { url = $"http://127.0.0.1:{port}/hook/", events = new[] { "job.started", "job.completed" } });

        await PrintOneEachAsync(staff, "wh-1");

        JsonElement dead = default;
        await Http.EventuallyAsync(async () => (dead = await staff.GetJsonAsync($"/api/webhooks/{id}/dead-letters")).GetProperty("total").GetInt64() >= 2,
            TimeSpan.FromSeconds(60), "both events dead-lettered");
        var items = dead.GetProperty("items").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i.GetProperty("kind").GetString()), Is.EqualTo(new[] { "job.started", "job.completed" }));
            Assert.That(items.Select(i => i.GetProperty("attempts").GetInt32()), Is.All.EqualTo(3));
            Assert.That(items[0].GetProperty("lastError").GetString(), Is.Not.Empty);
            Assert.That(items[0].GetProperty("body").GetProperty("data").GetProperty("printerId").GetString(), Is.EqualTo("wh-1"));
        });

        // The receiver is back: one dead letter is sent again, the other dropped.
        await using var receiver = new WebhookReceiver(port);
        using var retried = await staff.PostAsync($"/api/webhooks/{id}/dead-letters/{items[0].GetProperty("id").GetInt64()}/retry", null);
        using var dropped = await staff.DeleteAsync($"/api/webhooks/{id}/dead-letters/{items[1].GetProperty("id").GetInt64()}");
        using var unknown = await staff.DeleteAsync($"/api/webhooks/{id}/dead-letters/999999");
        await Http.EventuallyAsync(() => Task.FromResult(!receiver.Taken.IsEmpty), TimeSpan.FromSeconds(30), "the retried dead letter");
        Assert.Multiple(async () =>
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(dropped.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            await unknown.ProblemAsync(HttpStatusCode.NotFound);
            Assert.That(receiver.Taken.Single().Kind, Is.EqualTo("job.started"));
            Assert.That(await staff.TotalAsync($"/api/webhooks/{id}/dead-letters"), Is.Zero);
        });
    }

    [Test]
    [CancelAfter(150_000)]
    public async Task Receiver_ThatNeverAnswers_DoesNotHoldUpAnotherWebhook()
    {
        // Two request slots in all, one per webhook: before, the silent webhook's two printers took both for the
        // whole timeout (and the back-off after it), and the healthy webhook waited.
        var options = new WebhookOptions
        {
            MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(300), AttemptTimeout = TimeSpan.FromSeconds(70),
            Concurrency = 2, ConcurrencyPerWebhook = 1,
        };
        await using var farm = await StartFarmAsync(options);
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<System.Net.Sockets.Socket>();
        using var stopAccepting = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                    held.Add(await silent.AcceptSocketAsync(stopAccepting.Token));
            }
            catch (OperationCanceledException)
            {
            }
        });
        await using var receiver = new WebhookReceiver(TestFarm.FreePort());
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        await AddWebhookAsync(staff, new { url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook/", events = WebhookEvent.Kinds });
        await AddWebhookAsync(staff, new { url = receiver.Url, events = WebhookEvent.Kinds });

        await PrintOneEachAsync(staff, "wh-1", "wh-2");

        // Well within the silent receiver's 70 s timeout.
        await Http.EventuallyAsync(() => Task.FromResult(KindsFor(receiver, "wh-1").Count >= 3 && KindsFor(receiver, "wh-2").Count >= 3), TimeSpan.FromSeconds(50),
            "the healthy webhook's events while the other's receiver never answers");
        Assert.Multiple(() =>
        {
            Assert.That(KindsFor(receiver, "wh-1"), Is.EqualTo(JobAndBed));
            Assert.That(KindsFor(receiver, "wh-2"), Is.EqualTo(JobAndBed));
        });
        await stopAccepting.CancelAsync();
        silent.Stop();
        await accepting.WaitAsync(TimeSpan.FromSeconds(5));
        foreach (var socket in held)
            socket.Dispose();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Restart_WithDeliveriesPending_LosesNone()
    {
        var data = Directory.CreateTempSubdirectory("printfarm-test-").FullName;
        var slow = new WebhookOptions { MaxAttempts = 1000, FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromMilliseconds(500) };
        await using var receiver = new WebhookReceiver(TestFarm.FreePort()) { Down = true };
        var farm = await StartFarmAsync(slow, data);
        string[] pending;
        try
        {
            using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
            await AddWebhookAsync(staff, new { url = receiver.Url, events = new[] { "job.started", "job.completed" } });
            await PrintOneEachAsync(staff, "wh-1", "wh-2");
            await Http.EventuallyAsync(async () => (await staff.TotalAsync("/api/jobs?state=completed")) == 2, TimeSpan.FromSeconds(60), "both jobs done");
            await Http.EventuallyAsync(() => Task.FromResult(receiver.Requests >= 4), TimeSpan.FromSeconds(30), "the receiver tried");
            await farm.StopAsync();
            pending = ["wh-1", "wh-2"];
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }

        receiver.Down = false;
        await using var again = await StartFarmAsync(slow, data);
        await Http.EventuallyAsync(() => Task.FromResult(receiver.Taken.Count >= 4), TimeSpan.FromSeconds(60), "the pending deliveries after the restart");
        Assert.Multiple(() =>
        {
            foreach (var printer in pending)
                Assert.That(KindsFor(receiver, printer), Is.EqualTo(new[] { "job.started", "job.completed" }), printer);
        });
    }
}
