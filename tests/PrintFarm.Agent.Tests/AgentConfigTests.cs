using PrintFarm.Printing.Profiles;
namespace PrintFarm.Agent.Tests;

/// <summary>The agent's config: the sample file, environment overrides, strict keys, and the broker address.</summary>
public sealed class AgentConfigTests
{
    private static readonly string[] Profiles = [.. ProfileCatalog.LoadDefault().Profiles.Select(p => p.Name)];

    [Test]
    public void The_sample_config_for_a_raspberry_pi_with_two_printers_is_valid()
    {
        var options = AgentConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "samples", "agent", "agent.json"), knownProfiles: Profiles);
        Assert.Multiple(() =>
        {
            Assert.That(options.Printers, Has.Count.EqualTo(2));
            Assert.That(options.Printers.Count(p => p.IsVirtual), Is.EqualTo(1));
            Assert.That(options.GetBrokerAddress().UserName, Is.EqualTo(options.AgentId));
            Assert.That(options.Prefix, Is.EqualTo("printfarm/v1"));
        });
    }

    [Test]
    public void Environment_variables_and_overrides_win_over_the_file()
    {
        var file = Write("""
            { "agentId": "pi-1", "broker": "mqtt://pi-1:old@farm:1883", "coordinator": "http://farm:5180",
              "printers": [ { "id": "p1", "port": "/dev/ttyACM0", "profile": "marlin" } ] }
            """);
        Environment.SetEnvironmentVariable("PRINTFARM_AGENT__PRINTERS__0__PORT", "/dev/ttyUSB0");
        try
        {
            var options = AgentConfigLoader.Load(file, new Dictionary<string, string?> { ["Broker"] = "mqtts://pi-1:new%2Fkey@farm.example.org" }, Profiles);
            var broker = options.GetBrokerAddress();
            Assert.Multiple(() =>
            {
                Assert.That(options.Printers[0].Port, Is.EqualTo("/dev/ttyUSB0"));
                Assert.That(broker, Is.EqualTo(new BrokerAddress(true, "farm.example.org", 8883, "pi-1", "new/key")));
                Assert.That(options.GetAgentKey(), Is.EqualTo("new/key"));
                Assert.That(broker.ToString(), Does.Not.Contain("new"), "the key never reaches a log");
                Assert.That(options.DataDirectory, Is.Null);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("PRINTFARM_AGENT__PRINTERS__0__PORT", null);
        }
    }

    [TestCase("""{ "agentId": "pi-1", "brokr": "x" }""", "brokr")]
    [TestCase("""{ "agentId": "pi-1", "printers": [ { "id": "p1", "port": "virtual", "site": "lab" } ] }""", "site")]
    public void An_unknown_key_is_refused_by_name(string json, string key)
    {
        var ex = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(Write(json)));
        Assert.That(ex!.Problems.Single(), Does.Contain(key));
    }

    [Test]
    public void Every_problem_is_reported_at_once_each_naming_its_key()
    {
        var ex = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(Write("""
            { "agentId": "pi 1", "broker": "mqtt://other:key@farm", "coordinator": "", "prefix": "a/#",
              "reconnectMaxSeconds": 0, "stateIntervalSeconds": 0,
              "printers": [
                { "id": "p1", "port": "", "baud": 0, "profile": "marlin" },
                { "id": "p1", "port": "/dev/ttyACM0", "profile": "marlin", "virtual": { "dialect": "prusa" } },
                { "id": "p3", "port": "virtual", "profile": "marlin", "virtual": { "dialect": "makerbot", "timeScale": 0 } }
              ] }
            """), knownProfiles: Profiles));
        var problems = ex!.Problems;
        string[] keys = ["agentId:", "broker: the user name", "coordinator:", "prefix:", "reconnectMaxSeconds:", "stateIntervalSeconds:",
            "printers[0].port:", "printers[0].baud:", "printers[1].id:", "printers[1].virtual:", "printers[2].virtual.dialect:", "printers[2].virtual.timeScale:"];
        Assert.That(keys.Where(k => !problems.Any(p => p.StartsWith(k, StringComparison.Ordinal))), Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public void A_broker_without_a_key_or_an_agent_without_printers_cannot_start()
    {
        var ex = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(Write("""{ "agentId": "pi-1", "broker": "mqtt://farm:1883", "coordinator": "http://farm" }""")));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Problems, Has.Some.StartWith("broker: no password"));
            Assert.That(ex.Problems, Has.Some.StartWith("printers: at least one"));
        });
    }

    [TestCase("mqtt://a:b@host", false, "host", 1883)]
    [TestCase("mqtts://a:b@host", true, "host", 8883)]
    [TestCase("mqtt://a:b@10.0.0.2:1884", false, "10.0.0.2", 1884)]
    [TestCase("mqtt://a:b@[::1]:1883", false, "::1", 1883)]
    public void Broker_addresses_parse(string text, bool tls, string host, int port)
    {
        var address = BrokerAddress.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(address.Tls, Is.EqualTo(tls));
            Assert.That(address.Host, Is.EqualTo(host));
            Assert.That(address.Port, Is.EqualTo(port));
            Assert.That(address.UserName, Is.EqualTo("a"));
            Assert.That(address.Password, Is.EqualTo("b"));
            Assert.That(BrokerAddress.Parse(BrokerAddress.Format(tls, host, port, "a", "b")), Is.EqualTo(address));
        });
    }

    [TestCase("http://a:b@host")]
    [TestCase("mqtt://a:b@host/path")]
    [TestCase("host:1883")]
    public void Other_addresses_are_refused(string text) =>
        Assert.That(BrokerAddress.TryParse(text, out _, out var error) ? null : error, Is.Not.Null);

    private static string Write(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("printfarm-agent-config-").FullName, "agent.json");
        File.WriteAllText(path, json);
        return path;
    }
}
