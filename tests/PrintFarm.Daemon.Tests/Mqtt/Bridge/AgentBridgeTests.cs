using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using PrintFarm.Daemon.Mqtt;
using PrintFarm.Daemon.Tests.Support;

namespace PrintFarm.Daemon.Tests.Mqtt.Bridge;

/// <summary>
/// The coordinator and an agent over real MQTT on loopback (the embedded broker, with the agent's own
/// credentials): registration issues them, the job goes out as a start-job command, the download is checked,
/// and the agent's events drive the farm, once each, whatever arrives twice or broken.
/// </summary>
public sealed class AgentBridgeTests
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0), new Dictionary<string, string?>
        {
            ["Mqtt:OfflineGraceSeconds"] = "2",
            ["Mqtt:StaleSeconds"] = "600",
            ["SchedulerIntervalSeconds"] = "0.5",
        });
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _staff.Dispose();
        await _farm.DisposeAsync();
    }

    private async Task<(string User, string Password, Uri Broker)> RegisterAsync(string printerId, string agentId)
    {
        using var response = await _staff.PostJsonAsync("/api/printers", new
        {
            id = printerId, site = "home", link = "agent", address = agentId, bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var credentials = body.GetProperty("agentCredentials");
        return (credentials.GetProperty("username").GetString()!, credentials.GetProperty("password").GetString()!, new Uri(credentials.GetProperty("broker").GetString()!));
    }

    private async Task<string> StateAsync(string printerId) => (await _staff.GetJsonAsync($"/api/printers/{printerId}")).GetProperty("state").GetString()!;

    [Test]
    public async Task A_job_goes_to_the_agent_and_its_events_complete_it_once()
    {
        var (user, password, broker) = await RegisterAsync("home-mk3s-1", "agent-one");
        await using var agent = await FakeAgent.ConnectAsync(broker.Host, broker.Port, user, password, "home-mk3s-1");
        await agent.StateAsync("home-mk3s-1", "ready");
        await Http.EventuallyAsync(async () => await StateAsync("home-mk3s-1") == "needs-bed-clear", TimeSpan.FromSeconds(15), "the agent's printer comes online");
        using (var cleared = await _staff.PostJsonAsync("/api/printers/home-mk3s-1/actions/clear-bed", new { goodParts = 0 }))
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var queued = await _staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 1, printerId = "home-mk3s-1" }))
            Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created), await queued.Content.ReadAsStringAsync());

        var start = await agent.WaitForCommandAsync("home-mk3s-1", "start-job", TimeSpan.FromSeconds(20));
        var jobId = start.GetProperty("jobId").GetInt64();
        using var download = _farm.Client(password);
        var bytes = await download.GetByteArrayAsync(start.GetProperty("url").GetString());
        using var staffDownload = await _staff.GetAsync(start.GetProperty("url").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(bytes.LongLength, Is.EqualTo(start.GetProperty("size").GetInt64()));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(start.GetProperty("sha256").GetString()));
            Assert.That(staffDownload.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the download is for agents' keys only");
        });

        var session = Guid.NewGuid().ToString("N");
        await agent.EventAsync("home-mk3s-1", new PrinterEventMessage("job-started", session, 1, jobId, DateTimeOffset.UtcNow));
        await agent.EventAsync("home-mk3s-1", new PrinterEventMessage("progress", session, 2, jobId, DateTimeOffset.UtcNow, Progress: 0.5));
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString() == "printing",
            TimeSpan.FromSeconds(10), "job-started moves the job to printing");
        await agent.EventAsync("home-mk3s-1", new PrinterEventMessage("job-completed", session, 3, jobId, DateTimeOffset.UtcNow));
        // QoS 1 redelivery and an outbox replay: the same events again.
        await agent.EventAsync("home-mk3s-1", new PrinterEventMessage("job-started", session, 1, jobId, DateTimeOffset.UtcNow));
        await agent.EventAsync("home-mk3s-1", new PrinterEventMessage("job-completed", session, 3, jobId, DateTimeOffset.UtcNow));
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString() == "completed",
            TimeSpan.FromSeconds(10), "job-completed completes the job");
        await Task.Delay(1000);
        var job = await _staff.GetJsonAsync($"/api/jobs/{jobId}");
        Assert.Multiple(async () =>
        {
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1), "the repeated job-started did not start a second attempt");
            Assert.That(job.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "job.completed"), Is.EqualTo(1));
            Assert.That(await StateAsync("home-mk3s-1"), Is.EqualTo("needs-bed-clear"));
        });
    }

    [Test]
    public async Task Bad_messages_are_dropped_and_the_bridge_goes_on()
    {
        var (user, password, broker) = await RegisterAsync("home-bad-1", "agent-bad");
        await using var agent = await FakeAgent.ConnectAsync(broker.Host, broker.Port, user, password, "home-bad-1");
        var topics = new Topics();
        await agent.PublishRawAsync(topics.State("home-bad-1"), "{ this is not json");
        await agent.PublishRawAsync(topics.Events("home-bad-1"), """{ "type": "teleported", "session": "s", "seq": 1, "timestamp": "2026-01-01T00:00:00Z" }""");
        await agent.PublishRawAsync(topics.State("home-bad-1"), """{ "status": "ready", "progress": 0, "timestamp": "2026-01-01T00:00:00Z", "colour": "red" }""");
        await agent.PublishRawAsync(topics.Events("home-bad-1"), new string('x', 100_000));
        await agent.PublishRawAsync(topics.Online("agent-bad"), "maybe");
        await agent.StateAsync("home-bad-1", "ready");
        await Http.EventuallyAsync(async () => await StateAsync("home-bad-1") == "needs-bed-clear", TimeSpan.FromSeconds(15),
            "a good state after the junk is still taken");
    }

    [Test]
    public async Task An_agent_that_vanishes_takes_its_printers_offline_after_the_grace_period_and_its_return_brings_them_back()
    {
        var (user, password, broker) = await RegisterAsync("home-gone-1", "agent-gone");
        var agent = await FakeAgent.ConnectAsync(broker.Host, broker.Port, user, password, "home-gone-1");
        await agent.StateAsync("home-gone-1", "ready");
        await Http.EventuallyAsync(async () => await StateAsync("home-gone-1") == "needs-bed-clear", TimeSpan.FromSeconds(15), "online");
        agent.Vanish();
        await Http.EventuallyAsync(async () => await StateAsync("home-gone-1") == "offline", TimeSpan.FromSeconds(20),
            "the last will, then the 2 s grace period, take the printer offline");
        await using var back = await FakeAgent.ConnectAsync(broker.Host, broker.Port, user, password, "home-gone-1");
        await back.StateAsync("home-gone-1", "ready");
        await Http.EventuallyAsync(async () => await StateAsync("home-gone-1") == "needs-bed-clear", TimeSpan.FromSeconds(15),
            "the agent's true state after it returns brings the printer back");
    }
}
