using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents.Bridge;

/// <summary>
/// The coordinator and an agent over real MQTT on loopback: registration issues the agent's credentials, the job
/// goes out as a start-job command, the download is checked, and the agent's events drive the farm, once each,
/// whatever arrives twice or broken. Run twice: through the embedded broker, and through Debian's Mosquitto with
/// the contract's password file and ACL (.ci/start-mosquitto.sh; its agents and printers are fixed there).
/// </summary>
[TestFixture("embedded")]
[TestFixture("mosquitto")]
public sealed class AgentBridgeTests(string broker)
{
    private TestFarm _farm = null!;
    private HttpClient _staff = null!;

    // Mosquitto's ACL file names its agents and printers (.ci/mosquitto/test-printers.txt).
    private static readonly Dictionary<string, (string Agent, string Printer)> MosquittoNames = new()
    {
        ["one"] = ("agent-a", "printer-a1"),
        ["bad"] = ("agent-a", "printer-a2"),
        ["gone"] = ("agent-b", "printer-b1"),
    };

    private bool Mosquitto => broker == "mosquitto";

    private string PrinterId(string name) => Mosquitto ? MosquittoNames[name].Printer : $"home-{name}-1";

    private string AgentId(string name) => Mosquitto ? MosquittoNames[name].Agent : $"agent-{name}";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Mqtt:OfflineGraceSeconds"] = "2",
            ["Mqtt:StaleSeconds"] = "600",
            ["SchedulerIntervalSeconds"] = "0.5",
        };
        if (Mosquitto)
        {
            var url = Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO");
            if (string.IsNullOrEmpty(url))
                Assert.Ignore("PRINTFARM_TEST_MOSQUITTO is not set: start Mosquitto with .ci/start-mosquitto.sh (CI does)");
            overrides["Mqtt:External"] = url;
        }
        _farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0), overrides);
        _staff = _farm.Client(await _farm.CreateKeyAsync("staff", "lab-desk"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        // Nothing was started when the fixture was ignored (no Mosquitto here).
        _staff?.Dispose();
        if (_farm is not null)
            await _farm.DisposeAsync();
    }

    /// <summary>The agent's farm key (for downloads) from its registration, when this registration issued one.</summary>
    private string? _httpKey;

    private async Task<(string User, string Password, Uri Broker)> RegisterAsync(string name)
    {
        var printerId = PrinterId(name);
        var agentId = AgentId(name);
        using var response = await _staff.PostJsonAsync("/api/printers", new
        {
            id = printerId, site = "home", link = "agent", address = agentId, bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        _httpKey = body.TryGetProperty("agentCredentials", out var issued) && issued.ValueKind == JsonValueKind.Object
            ? issued.GetProperty("password").GetString() : null;
        if (Mosquitto)
        {
            // Mosquitto keeps its own password file: the test agents' passwords come from the start script.
            var login = Environment.GetEnvironmentVariable(agentId == "agent-a" ? "PRINTFARM_TEST_MOSQUITTO_AGENT_A" : "PRINTFARM_TEST_MOSQUITTO_AGENT_B")!.Split(':', 2);
            // Agents use Mosquitto's agents' listener, where each one's client id is its agent id.
            return (login[0], login[1], new Uri(Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO_AGENTS")
                ?? Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO")!));
        }
        if (!body.TryGetProperty("agentCredentials", out var credentials) || credentials.ValueKind != JsonValueKind.Object)
            Assert.Fail($"no agent credentials for {agentId}: {body}");
        return (credentials.GetProperty("username").GetString()!, credentials.GetProperty("password").GetString()!, new Uri(credentials.GetProperty("broker").GetString()!));
    }

    private async Task<string> StateAsync(string printerId) => (await _staff.GetJsonAsync($"/api/printers/{printerId}")).GetProperty("state").GetString()!;

    [Test]
    public async Task A_job_goes_to_the_agent_and_its_events_complete_it_once()
    {
        var p = PrinterId("one");
        var (user, password, brokerUrl) = await RegisterAsync("one");
        await using var agent = await FakeAgent.ConnectAsync(brokerUrl.Host, brokerUrl.Port, user, password, p);
        await agent.StateAsync(p, "ready");
        await Http.EventuallyAsync(async () => await StateAsync(p) == "needs-bed-clear", TimeSpan.FromSeconds(15), "the agent's printer comes online");
        using (var cleared = await _staff.PostJsonAsync($"/api/printers/{p}/actions/clear-bed", new { goodParts = 0 }))
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var queued = await _staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 1, printerId = p }))
            Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created), await queued.Content.ReadAsStringAsync());

        var start = await agent.WaitForCommandAsync(p, "start-job", TimeSpan.FromSeconds(20));
        var jobId = start.GetProperty("jobId").GetInt64();
        // The download takes the agent's farm key; on the embedded broker that is also its MQTT password.
        using var download = _farm.Client(_httpKey ?? password);
        var bytes = await download.GetByteArrayAsync(start.GetProperty("url").GetString());
        using var staffDownload = await _staff.GetAsync(start.GetProperty("url").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(bytes.LongLength, Is.EqualTo(start.GetProperty("size").GetInt64()));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(start.GetProperty("sha256").GetString()));
            Assert.That(staffDownload.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the download is for agents' keys only");
        });

        var session = Guid.NewGuid().ToString("N");
        await agent.EventAsync(p, new PrinterEventMessage("job-started", session, 1, jobId, DateTimeOffset.UtcNow));
        await agent.EventAsync(p, new PrinterEventMessage("progress", session, 2, jobId, DateTimeOffset.UtcNow, Progress: 0.5));
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString() == "printing",
            TimeSpan.FromSeconds(10), "job-started moves the job to printing");
        await agent.EventAsync(p, new PrinterEventMessage("job-completed", session, 3, jobId, DateTimeOffset.UtcNow));
        // QoS 1 redelivery and an outbox replay: the same events again.
        await agent.EventAsync(p, new PrinterEventMessage("job-started", session, 1, jobId, DateTimeOffset.UtcNow));
        await agent.EventAsync(p, new PrinterEventMessage("job-completed", session, 3, jobId, DateTimeOffset.UtcNow));
        await Http.EventuallyAsync(async () => (await _staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString() == "completed",
            TimeSpan.FromSeconds(10), "job-completed completes the job");
        await Task.Delay(1000);
        var job = await _staff.GetJsonAsync($"/api/jobs/{jobId}");
        Assert.Multiple(async () =>
        {
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1), "the repeated job-started did not start a second attempt");
            Assert.That(job.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "job.completed"), Is.EqualTo(1));
            Assert.That(await StateAsync(p), Is.EqualTo("needs-bed-clear"));
        });
    }

    [Test]
    public async Task Bad_messages_are_dropped_and_the_bridge_goes_on()
    {
        var p = PrinterId("bad");
        var (user, password, brokerUrl) = await RegisterAsync("bad");
        await using var agent = await FakeAgent.ConnectAsync(brokerUrl.Host, brokerUrl.Port, user, password, p);
        var topics = new Topics();
        await agent.PublishRawAsync(topics.State(p), "{ this is not json");
        await agent.PublishRawAsync(topics.Events(p), """{ "type": "teleported", "session": "s", "seq": 1, "timestamp": "2026-01-01T00:00:00Z" }""");
        await agent.PublishRawAsync(topics.State(p), """{ "status": "ready", "progress": 0, "timestamp": "2026-01-01T00:00:00Z", "colour": "red" }""");
        await agent.PublishRawAsync(topics.Online(user), "maybe");
        try
        {
            await agent.PublishRawAsync(topics.Events(p), new string('x', 100_000));
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // A broker may close the connection of a client that sends an oversized message; that is fine too.
        }
        await using var again = await FakeAgent.ConnectAsync(brokerUrl.Host, brokerUrl.Port, user, password, p);
        await again.StateAsync(p, "ready");
        await Http.EventuallyAsync(async () => await StateAsync(p) == "needs-bed-clear", TimeSpan.FromSeconds(15),
            "a good state after the junk is still taken");
    }

    [Test]
    public async Task An_agent_that_vanishes_takes_its_printers_offline_after_the_grace_period_and_its_return_brings_them_back()
    {
        var p = PrinterId("gone");
        var (user, password, brokerUrl) = await RegisterAsync("gone");
        var agent = await FakeAgent.ConnectAsync(brokerUrl.Host, brokerUrl.Port, user, password, p);
        await agent.StateAsync(p, "ready");
        await Http.EventuallyAsync(async () => await StateAsync(p) == "needs-bed-clear", TimeSpan.FromSeconds(15), "online");
        agent.Vanish();
        await Http.EventuallyAsync(async () => await StateAsync(p) == "offline", TimeSpan.FromSeconds(20),
            "the last will, then the 2 s grace period, take the printer offline");
        await using var back = await FakeAgent.ConnectAsync(brokerUrl.Host, brokerUrl.Port, user, password, p);
        await back.StateAsync(p, "ready");
        await Http.EventuallyAsync(async () => await StateAsync(p) == "needs-bed-clear", TimeSpan.FromSeconds(15),
            "the agent's true state after it returns brings the printer back");
    }
}
