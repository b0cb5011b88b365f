using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents.Broker;

/// <summary>
/// The embedded broker over real MQTT on loopback: agents' logins from their keys, and the contract's ACL (an agent
/// publishes only its own printers' topics and reads only their commands), the last will, and payload limits.
/// </summary>
public sealed class EmbeddedBrokerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);
    private readonly Topics _topics = new();
    private TestFarm _farm = null!;
    private HttpClient _admin = null!;
    private MqttProbe _coordinator = null!;
    private int _port;
    private string _passwordA = "";
    private string _passwordB = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["AuthFailuresPerMinute"] = "1000" });
        _admin = _farm.Admin();
        _port = _farm.Services.GetRequiredService<BrokerStatus>().Port!.Value;
        _passwordA = (await RegisterAsync("pa-1", "agent-a")).GetProperty("agentCredentials").GetProperty("password").GetString()!;
        _passwordB = (await RegisterAsync("pb-1", "agent-b")).GetProperty("agentCredentials").GetProperty("password").GetString()!;
        // The coordinator's own login, as the bridge gets it.
        _coordinator = await MqttProbe.ConnectAsync(_farm.Services.GetRequiredService<CoordinatorMqttOptions>().Build("test-coordinator"));
        Assert.That(await _coordinator.SubscribeAsync("printfarm/v1/#"), Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _coordinator.DisposeAsync();
        _admin.Dispose();
        await _farm.DisposeAsync();
    }

    [Test]
    public async Task Registering_a_printer_behind_a_new_agent_answers_its_mqtt_login_once()
    {
        using var first = await _admin.PostJsonAsync("/api/printers", Printer("pl-1", "agent-l"));
        var body = await first.JsonAsync();
        using var second = await _admin.PostJsonAsync("/api/printers", Printer("pl-2", "agent-l"));
        var again = await second.JsonAsync();
        var credentials = body.GetProperty("agentCredentials");
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
            Assert.That(body.GetProperty("id").GetString(), Is.EqualTo("pl-1"), "the printer's own fields stay");
            Assert.That(body.GetProperty("link").GetString(), Is.EqualTo("agent"));
            Assert.That(credentials.GetProperty("username").GetString(), Is.EqualTo("agent-l"));
            Assert.That(credentials.GetProperty("password").GetString(), Does.StartWith("pf_"));
            Assert.That(credentials.GetProperty("broker").GetString(), Is.EqualTo($"mqtt://127.0.0.1:{_port}"));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(again.TryGetProperty("agentCredentials", out _), Is.False, "the agent has its key already");
        });
        var code = await MqttProbe.TryConnectAsync(Agent("agent-l", credentials.GetProperty("password").GetString()).Build());
        Assert.That(code, Is.EqualTo(MqttClientConnectResultCode.Success));
    }

    [TestCase("bad/agent")]
    [TestCase("two words")]
    [TestCase("agent+")]
    [TestCase("printfarm-coordinator")]
    public async Task An_agent_id_that_cannot_be_a_topic_level_is_refused(string address)
    {
        using var response = await _admin.PostJsonAsync("/api/printers", Printer($"pbad-{Guid.NewGuid():N}", address));
        Assert.That(await response.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("agent id"));
    }

    [Test]
    public async Task A_maker_gets_their_own_agents_login_but_cannot_join_someone_elses_agent()
    {
        using var anna = _farm.Client(await _farm.CreateKeyAsync("maker", "anna", owner: "anna-mqtt"));
        using var own = await anna.PostJsonAsync("/api/printers", Printer("anna-mqtt-1", "agent-anna"));
        using var ownAgain = await anna.PostJsonAsync("/api/printers", Printer("anna-mqtt-2", "agent-anna"));
        using var squat = await anna.PostJsonAsync("/api/printers", Printer("anna-mqtt-3", "agent-b"));
        Assert.Multiple(async () =>
        {
            Assert.That((await own.JsonAsync()).GetProperty("agentCredentials").GetProperty("username").GetString(), Is.EqualTo("agent-anna"));
            Assert.That(ownAgain.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await squat.ProblemAsync(HttpStatusCode.Forbidden), Does.Contain("agent-b"));
        });
    }

    [Test]
    public async Task An_agent_logs_in_with_its_id_and_key_as_its_client_id_and_nothing_else_gets_in()
    {
        var staffKey = await _farm.CreateKeyAsync("staff", "desk-mqtt");
        Assert.Multiple(async () =>
        {
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA, "agent-a").Build()), Is.EqualTo(MqttClientConnectResultCode.Success));
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA, "any-client-id-at-all").Build()),
                Is.EqualTo(MqttClientConnectResultCode.ClientIdentifierNotValid), "another client id");
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA, version: MqttProtocolVersion.V311).Build()),
                Is.EqualTo(MqttClientConnectResultCode.Success), "MQTT 3.1.1");
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA + "x").Build()), Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "wrong password");
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-b", _passwordA).Build()), Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "another agent's key");
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", staffKey).Build()), Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "a key that is not an agent key");
            Assert.That(await MqttProbe.TryConnectAsync(Agent(CoordinatorIdentity.UserName, _passwordA).Build()), Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "the coordinator's name");
            Assert.That(await MqttProbe.TryConnectAsync(Agent(null, null).Build()), Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "no login");
        });
    }

    [Test]
    public async Task A_revoked_agent_key_is_refused()
    {
        var password = (await RegisterAsync("pr-1", "agent-r")).GetProperty("agentCredentials").GetProperty("password").GetString();
        var before = await MqttProbe.TryConnectAsync(Agent("agent-r", password).Build());
        var keys = await _admin.GetJsonAsync("/api/keys");
        var id = keys.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("owner").GetString() == "agent-r").GetProperty("id").GetInt64();
        using var revoke = await _admin.DeleteAsync(new Uri($"/api/keys/{id}", UriKind.Relative));
        var after = await MqttProbe.TryConnectAsync(Agent("agent-r", password).Build());
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(MqttClientConnectResultCode.Success));
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after, Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword));
        });
    }

    [Test]
    public async Task Agent_A_publishing_on_printer_B_is_dropped_and_its_own_topics_go_through()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent("agent-a", _passwordA).Build());
        var spoofed = new[]
        {
            _topics.State("pb-1"), _topics.Events("pb-1"), _topics.Acks("pb-1"), _topics.GcodeRx("pb-1"), _topics.Commands("pb-1"),
            _topics.Commands("pa-1"), _topics.GcodeTx("pa-1"), _topics.Online("agent-b"), "printfarm/v1/printers/pa-1/state/extra", "elsewhere/entirely",
        };
        var marker = $"{{\"spoof\":\"{Guid.NewGuid():N}\"}}";
        var results = new List<MqttClientPublishReasonCode>();
        foreach (var topic in spoofed)
            results.Add((await a.PublishAsync(topic, marker)).ReasonCode);
        var own = new[] { _topics.State("pa-1"), _topics.Events("pa-1"), _topics.Acks("pa-1"), _topics.GcodeRx("pa-1"), _topics.Online("agent-a") };
        foreach (var topic in own)
            Assert.That((await a.PublishAsync(topic, "{}")).ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.Success), topic);
        foreach (var topic in own)
            Assert.That(await _coordinator.WaitForAsync(topic, Wait), Is.Not.Null, $"the coordinator gets {topic}");
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.All.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(_coordinator.Received.Where(m => MqttProbe.Text(m) == marker).Select(m => m.Topic), Is.Empty, "every spoofed message was dropped");
        });
    }

    [Test]
    public async Task Agent_A_cannot_subscribe_to_printer_B_nor_to_wildcards_and_reads_its_own_commands()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent("agent-a", _passwordA).Build());
        Assert.Multiple(async () =>
        {
            foreach (var filter in new[] { _topics.Commands("pb-1"), _topics.GcodeTx("pb-1"), "printfarm/v1/printers/+/commands", "printfarm/v1/#", "#",
                         _topics.State("pa-1"), _topics.Online("agent-a") })
                Assert.That(await a.SubscribeAsync(filter), Is.EqualTo(MqttClientSubscribeResultCode.NotAuthorized), filter);
            Assert.That(await a.SubscribeAsync(_topics.Commands("pa-1")), Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
            Assert.That(await a.SubscribeAsync(_topics.GcodeTx("pa-1")), Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
        });
        await _coordinator.PublishAsync(_topics.Commands("pb-1"), """{"commandId":"b-1","type":"pause"}""");
        await _coordinator.PublishAsync(_topics.Commands("pa-1"), """{"commandId":"a-1","type":"pause"}""");
        Assert.That(await a.WaitForAsync(_topics.Commands("pa-1"), Wait), Is.Not.Null);
        await Task.Delay(Quiet);
        Assert.That(a.Received.Select(m => m.Topic), Is.EqualTo(new[] { _topics.Commands("pa-1") }));
    }

    [Test]
    public async Task A_subscription_refused_under_mqtt_311_gets_the_failure_code()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent("agent-a", _passwordA, version: MqttProtocolVersion.V311).Build());
        Assert.Multiple(async () =>
        {
            Assert.That(await a.SubscribeAsync(_topics.Commands("pb-1")), Is.Not.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1).And.Not.EqualTo(MqttClientSubscribeResultCode.GrantedQoS0));
            Assert.That(await a.SubscribeAsync(_topics.Commands("pa-1")), Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
        });
    }

    [Test]
    public async Task A_printer_registered_a_moment_ago_works_at_once()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent("agent-a", _passwordA).Build());
        var before = await a.PublishAsync(_topics.State("pa-new"), "{}");
        using var registered = await _admin.PostJsonAsync("/api/printers", Printer("pa-new", "agent-a"));
        var after = await a.PublishAsync(_topics.State("pa-new"), "{}");
        Assert.Multiple(async () =>
        {
            Assert.That(before.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(after.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.Success));
            Assert.That(await _coordinator.WaitForAsync(_topics.State("pa-new"), Wait), Is.Not.Null);
        });
    }

    [Test]
    public async Task When_an_agent_drops_the_broker_publishes_its_will_retained_false()
    {
        var password = (await RegisterAsync("pw-1", "agent-w")).GetProperty("agentCredentials").GetProperty("password").GetString();
        var online = _topics.Online("agent-w");
        var options = Agent("agent-w", password).WithWillTopic(online).WithWillPayload("false").WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var agent = await MqttProbe.ConnectAsync(options);
        await agent.PublishAsync(online, "true", retain: true);
        Assert.That(await _coordinator.WaitForAsync(online, Wait, m => MqttProbe.Text(m) == "true"), Is.Not.Null);

        // The connection is lost: the socket closes without a DISCONNECT.
        agent.Client.Dispose();

        var will = await _coordinator.WaitForAsync(online, Wait, m => MqttProbe.Text(m) == "false");
        await using var later = await MqttProbe.ConnectAsync(_farm.Services.GetRequiredService<CoordinatorMqttOptions>().Build("test-coordinator-later"));
        await later.SubscribeAsync(online);
        var retained = await later.WaitForAsync(online, Wait);
        Assert.Multiple(() =>
        {
            Assert.That(will, Is.Not.Null, "the will reached the coordinator");
            Assert.That(retained, Is.Not.Null);
            Assert.That(MqttProbe.Text(retained!), Is.EqualTo("false"), "the retained online state is false");
            Assert.That(retained!.Retain, Is.True);
        });
    }

    [Test]
    public async Task A_will_on_another_topic_than_the_agents_own_online_is_refused_at_connect()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA).WithWillTopic(_topics.Online("agent-b")).WithWillPayload("false").Build()),
                Is.EqualTo(MqttClientConnectResultCode.NotAuthorized));
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA).WithWillTopic(_topics.State("pb-1")).WithWillPayload("{}").Build()),
                Is.EqualTo(MqttClientConnectResultCode.NotAuthorized));
            Assert.That(await MqttProbe.TryConnectAsync(Agent("agent-a", _passwordA).WithWillTopic(_topics.Online("agent-a")).WithWillPayload("false").Build()),
                Is.EqualTo(MqttClientConnectResultCode.Success));
        });
    }

    [Test]
    public async Task Oversized_payloads_are_dropped_with_a_larger_limit_on_gcode_topics()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent("agent-a", _passwordA).Build());
        var overJson = new byte[MqttJson.MaxPayloadBytes + 1];
        var gcode = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("G1 X10 Y10\n", 3000))); // 33 KB of lines
        var overGcode = new byte[BrokerAccess.MaxGcodePayloadBytes + 1];
        var state = await a.PublishAsync(_topics.Events("pa-1"), overJson);
        var rx = await a.PublishAsync(_topics.GcodeRx("pa-1"), gcode);
        var tooMuch = await a.PublishAsync(_topics.GcodeRx("pa-1"), overGcode);
        Assert.That(await _coordinator.WaitForAsync(_topics.GcodeRx("pa-1"), Wait, m => m.Payload.Length == gcode.Length), Is.Not.Null);
        await Task.Delay(Quiet);
        Assert.Multiple(() =>
        {
            Assert.That(state.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(rx.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.Success));
            Assert.That(tooMuch.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(_coordinator.Received.Where(m => m.Payload.Length > MqttJson.MaxPayloadBytes && m.Topic != _topics.GcodeRx("pa-1")), Is.Empty);
            Assert.That(_coordinator.Received.Where(m => m.Payload.Length > BrokerAccess.MaxGcodePayloadBytes), Is.Empty);
        });
    }

    [Test]
    public async Task Another_user_cannot_take_over_a_connected_agents_client_id()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent("agent-a", _passwordA, "agent-a").Build());
        Assert.That(await a.SubscribeAsync(_topics.Commands("pa-1")), Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
        var b = await MqttProbe.TryConnectAsync(Agent("agent-b", _passwordB, "agent-a").WithCleanSession(false).Build());
        await _coordinator.PublishAsync(_topics.Commands("pa-1"), """{"commandId":"a-2","type":"resume"}""");
        Assert.Multiple(async () =>
        {
            Assert.That(b, Is.EqualTo(MqttClientConnectResultCode.ClientIdentifierNotValid));
            Assert.That(await a.WaitForAsync(_topics.Commands("pa-1"), Wait), Is.Not.Null, "agent A keeps its connection");
        });
    }

    [Test]
    public async Task Health_reports_the_broker_and_its_clients()
    {
        var health = await _farm.Admin().GetJsonAsync("/healthz");
        Assert.Multiple(() =>
        {
            Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("healthy"));
            Assert.That(health.GetProperty("broker").GetString(), Is.EqualTo("ok"));
            Assert.That(health.GetProperty("brokerClients").GetInt32(), Is.GreaterThanOrEqualTo(1), "the test's coordinator client");
        });
    }

    private MqttClientOptionsBuilder Agent(string? user, string? password, string? clientId = null, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        MqttProbe.Options("127.0.0.1", _port, user, password, clientId, version);

    private async Task<System.Text.Json.JsonElement> RegisterAsync(string printerId, string agentId)
    {
        using var response = await _admin.PostJsonAsync("/api/printers", Printer(printerId, agentId));
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return body;
    }

    internal static object Printer(string id, string agentId) => new
    {
        id,
        site = "home-mqtt",
        link = "agent",
        address = agentId,
        bedXMm = 235,
        bedYMm = 235,
        material = "PLA",
        profile = "marlin",
    };
}
