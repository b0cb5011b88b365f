using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents.Broker;

/// <summary>
/// The same spoofing tests against Mosquitto with the password file and ACL that .ci/start-mosquitto.sh makes
/// (.ci/mosquitto/make-acl.sh over .ci/mosquitto/test-printers.txt: agent-a has printer-a1 and printer-a2, agent-b has
/// printer-b1). Run when PRINTFARM_TEST_MOSQUITTO is set (CI sets it); otherwise reported as ignored.
/// </summary>
[NonParallelizable]
public sealed class MosquittoBrokerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(800);
    private readonly Topics _topics = new();
    private MqttEndpoint _broker = null!;
    private MqttEndpoint _agents = null!;
    private (string User, string Password) _agentA;
    private (string User, string Password) _agentB;
    private MqttProbe? _coordinator;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        var url = Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO");
        if (string.IsNullOrWhiteSpace(url))
            Assert.Ignore("PRINTFARM_TEST_MOSQUITTO is not set: start a Mosquitto with `eval \"$(.ci/start-mosquitto.sh)\"` to run these (CI does)");
        _broker = MqttEndpoint.Parse(url);
        // Agents connect to the agents' listener (use_username_as_clientid); the coordinator to its own.
        _agents = MqttEndpoint.Parse(Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO_AGENTS") ?? url);
        _agentA = Login("PRINTFARM_TEST_MOSQUITTO_AGENT_A");
        _agentB = Login("PRINTFARM_TEST_MOSQUITTO_AGENT_B");
        // The coordinator connects with the options the bridge gets for an external broker.
        var options = new ServeOptions { Mqtt = { External = url } };
        var coordinator = new CoordinatorMqttOptions(options, new CoordinatorIdentity(), BrokerStatus.ForExternal(_broker));
        _coordinator = await MqttProbe.ConnectAsync(coordinator.Build($"test-coordinator-{Guid.NewGuid():N}"));
        Assert.That(await _coordinator.SubscribeAsync("printfarm/v1/#"), Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
    }

    [OneTimeTearDown]
    public async Task DisconnectAsync()
    {
        if (_coordinator is not null)
            await _coordinator.DisposeAsync();
    }

    [Test]
    public async Task Agents_log_in_with_their_passwords_and_nothing_else_gets_in()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await MqttProbe.TryConnectAsync(Agent(_agentA).Build()), Is.EqualTo(MqttClientConnectResultCode.Success));
            Assert.That(await MqttProbe.TryConnectAsync(Agent(_agentA, version: MqttProtocolVersion.V311).Build()), Is.EqualTo(MqttClientConnectResultCode.Success));
            Assert.That(await MqttProbe.TryConnectAsync(Agent((_agentA.User, _agentA.Password + "x")).Build()), Is.AnyOf(Refused));
            Assert.That(await MqttProbe.TryConnectAsync(Agent((_agentB.User, _agentA.Password)).Build()), Is.AnyOf(Refused));
            Assert.That(await MqttProbe.TryConnectAsync(Agent((null, null)).Build()), Is.AnyOf(Refused));
        });
    }

    [Test]
    public async Task Agent_A_publishing_on_printer_B_is_dropped_and_its_own_topics_go_through()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent(_agentA).Build());
        var marker = $"{{\"spoof\":\"{Guid.NewGuid():N}\"}}";
        foreach (var topic in new[]
                 {
                     _topics.State("printer-b1"), _topics.Events("printer-b1"), _topics.Acks("printer-b1"), _topics.GcodeRx("printer-b1"),
                     _topics.Commands("printer-b1"), _topics.Commands("printer-a1"), _topics.Online("agent-b"), _topics.State("unlisted"),
                 })
            await a.PublishAsync(topic, marker);
        var own = new[] { _topics.State("printer-a1"), _topics.Events("printer-a2"), _topics.Acks("printer-a1"), _topics.GcodeRx("printer-a1"), _topics.Online("agent-a") };
        var ok = $"{{\"own\":\"{Guid.NewGuid():N}\"}}";
        foreach (var topic in own)
            await a.PublishAsync(topic, ok);
        foreach (var topic in own)
            Assert.That(await _coordinator!.WaitForAsync(topic, Wait, m => MqttProbe.Text(m) == ok), Is.Not.Null, topic);
        await Task.Delay(Quiet);
        Assert.That(_coordinator!.Received.Where(m => MqttProbe.Text(m) == marker).Select(m => m.Topic), Is.Empty, "every spoofed message was dropped");
    }

    [Test]
    public async Task Agent_A_subscribing_to_printer_B_gets_nothing_and_reads_only_its_own_commands()
    {
        await using var a = await MqttProbe.ConnectAsync(Agent(_agentA).Build());
        var refused = new List<MqttClientSubscribeResultCode>();
        foreach (var filter in new[] { _topics.Commands("printer-b1"), "printfarm/v1/printers/+/commands", "printfarm/v1/#" })
            refused.Add(await a.SubscribeAsync(filter));
        var own = await a.SubscribeAsync(_topics.Commands("printer-a1"));
        var marker = Guid.NewGuid().ToString("N");
        await _coordinator!.PublishAsync(_topics.Commands("printer-b1"), $"{{\"commandId\":\"b-{marker}\",\"type\":\"pause\"}}");
        await _coordinator.PublishAsync(_topics.Commands("printer-a1"), $"{{\"commandId\":\"a-{marker}\",\"type\":\"pause\"}}");
        var mine = await a.WaitForAsync(_topics.Commands("printer-a1"), Wait);
        await Task.Delay(Quiet);
        Assert.Multiple(() =>
        {
            // Mosquitto 2.0 grants a subscription its ACL does not allow, then checks every message against the read ACL:
            // the answer says little, what arrives is what counts.
            Assert.That(refused, Has.Count.EqualTo(3));
            Assert.That(own, Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
            Assert.That(mine, Is.Not.Null);
            Assert.That(a.Received.Select(m => m.Topic).Distinct(), Is.EqualTo(new[] { _topics.Commands("printer-a1") }), "nothing of printer-b1 reached agent A");
        });
    }

    [Test]
    public async Task When_an_agent_drops_its_will_is_published_retained_false_and_a_will_elsewhere_never_arrives()
    {
        var online = _topics.Online("agent-a");
        var agent = await MqttProbe.ConnectAsync(Agent(_agentA).WithWillTopic(online).WithWillPayload("false").WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await agent.PublishAsync(online, "true", retain: true);
        Assert.That(await _coordinator!.WaitForAsync(online, Wait, m => MqttProbe.Text(m) == "true"), Is.Not.Null);
        agent.Client.Dispose(); // the connection is lost, no DISCONNECT
        var will = await _coordinator.WaitForAsync(online, Wait, m => MqttProbe.Text(m) == "false");

        var marker = $"spoofed-will-{Guid.NewGuid():N}";
        var spoofOptions = Agent(_agentA).WithWillTopic(_topics.Online("agent-b")).WithWillPayload(marker).Build();
        var spoofConnect = await MqttProbe.TryConnectAsync(spoofOptions);
        if (spoofConnect == MqttClientConnectResultCode.Success)
        {
            var spoofer = await MqttProbe.ConnectAsync(spoofOptions);
            spoofer.Client.Dispose();
        }
        await Task.Delay(Quiet);
        Assert.Multiple(() =>
        {
            Assert.That(will, Is.Not.Null, "the will reached the coordinator");
            Assert.That(_coordinator.Received.Where(m => MqttProbe.Text(m) == marker), Is.Empty, "a will on another agent's topic never arrives");
        });
    }

    private static readonly MqttClientConnectResultCode[] Refused =
        [MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized];

    private MqttClientOptionsBuilder Agent((string? User, string? Password) login, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        MqttProbe.Options(_agents.Host, _agents.Port, login.User, login.Password, version: version);

    private static (string, string) Login(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set (start-mosquitto.sh prints it)");
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return (value[..colon], value[(colon + 1)..]);
    }
}
