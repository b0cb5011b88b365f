using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Agents.Broker;

/// <summary>The mqtt section: its mistakes stop the start, and each mode (embedded, external, off) shows in /healthz and in what the coordinator connects to.</summary>
public sealed class BrokerConfigTests
{
    [TestCase("Mqtt:Bind", "localhost", "mqtt.bind: \"localhost\" is not an IP address")]
    [TestCase("Mqtt:Port", "0", "mqtt.port: must be between 1 and 65535")]
    [TestCase("Mqtt:Port", "70000", "mqtt.port: must be between 1 and 65535")]
    [TestCase("Mqtt:Certificate", "broker.pem", "mqtt.tlsPort: required with mqtt.certificate")]
    [TestCase("Mqtt:External", "http://broker:1883", "mqtt.external: scheme \"http\" is not mqtt:// or mqtts://")]
    [TestCase("Mqtt:External", "mqtt://", "mqtt.external: ")]
    [TestCase("Mqtt:Prefix", "printfarm/+/v1", "mqtt.prefix: \"printfarm/+/v1\" is not a topic prefix")]
    [TestCase("Mqtt:Prefix", "printfarm//v1", "mqtt.prefix: ")]
    [TestCase("Mqtt:StaleSeconds", "0", "mqtt.staleSeconds: must be between 1 and 3600")]
    public void A_mistake_in_the_mqtt_section_is_reported_by_key(string key, string value, string expected)
    {
        var problems = BrokerTlsTests.Problems(new() { [key] = value });
        Assert.That(problems, Has.Some.StartsWith(expected), string.Join("\n", problems));
    }

    [Test]
    public void The_tls_port_cannot_be_the_plain_port()
    {
        var problems = BrokerTlsTests.Problems(new() { ["Mqtt:Port"] = "1883", ["Mqtt:TlsPort"] = "1883", ["Mqtt:Certificate"] = "x.pem" });
        Assert.That(problems, Has.Some.StartsWith("mqtt.tlsPort: 1883 is mqtt.port too"));
    }

    [Test]
    public async Task A_port_in_use_stops_the_start_with_an_error_naming_it()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var ex = Assert.ThrowsAsync<IOException>(async () => await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["Mqtt:Port"] = $"{port}" }));
        Assert.That(ex!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("in use"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task With_mqtt_turned_off_there_is_no_broker_and_health_says_disabled()
    {
        await using var farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false" });
        var health = await farm.Admin().GetJsonAsync("/healthz");
        using var admin = farm.Admin();
        using var registered = await admin.PostJsonAsync("/api/printers", EmbeddedBrokerTests.Printer("off-1", "agent-off"));
        var credentials = (await registered.JsonAsync()).GetProperty("agentCredentials");
        var mqtt = farm.Services.GetRequiredService<CoordinatorMqttOptions>();
        Assert.Multiple(() =>
        {
            Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("healthy"));
            Assert.That(health.GetProperty("broker").GetString(), Is.EqualTo("disabled"));
            Assert.That(farm.Services.GetService<EmbeddedBroker>(), Is.Null);
            Assert.That(mqtt.Enabled, Is.False);
            Assert.That(() => mqtt.Build("c"), Throws.InvalidOperationException);
            Assert.That(credentials.GetProperty("password").GetString(), Does.StartWith("pf_"), "the agent key is still made: it also fetches G-code");
            Assert.That(credentials.GetProperty("broker").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });
    }

    [Test]
    public async Task With_an_external_broker_the_coordinator_connects_there_and_no_broker_is_started()
    {
        var external = "mqtts://coordinator:s%40cret@broker.example:8884";
        await using var farm = await TestFarm.StartAsync(overrides: new Dictionary<string, string?> { ["Mqtt:External"] = external });
        var health = await farm.Admin().GetJsonAsync("/healthz");
        var options = farm.Services.GetRequiredService<CoordinatorMqttOptions>().Build("coordinator-1");
        var tcp = (MQTTnet.MqttClientTcpOptions)options.ChannelOptions;
        var credentials = options.Credentials;
        using var admin = farm.Admin();
        using var registered = await admin.PostJsonAsync("/api/printers", EmbeddedBrokerTests.Printer("ext-1", "agent-ext"));
        var agentLogin = (await registered.JsonAsync()).GetProperty("agentCredentials");
        Assert.Multiple(() =>
        {
            Assert.That(health.GetProperty("broker").GetString(), Is.EqualTo("external: broker.example:8884"));
            Assert.That(farm.Services.GetService<EmbeddedBroker>(), Is.Null);
            Assert.That(tcp.RemoteEndpoint, Is.EqualTo(new DnsEndPoint("broker.example", 8884)));
            Assert.That(tcp.TlsOptions.UseTls, Is.True);
            Assert.That(credentials.GetUserName(options), Is.EqualTo("coordinator"));
            Assert.That(System.Text.Encoding.UTF8.GetString(credentials.GetPassword(options)), Is.EqualTo("s@cret"));
            Assert.That(options.ClientId, Is.EqualTo("coordinator-1"));
            Assert.That(agentLogin.GetProperty("broker").GetString(), Is.EqualTo("mqtts://broker.example:8884"));
        });
    }

    [Test]
    public async Task The_coordinator_options_for_the_embedded_broker_point_at_its_port_with_the_in_process_login()
    {
        await using var farm = await TestFarm.StartAsync();
        var status = farm.Services.GetRequiredService<BrokerStatus>();
        var options = farm.Services.GetRequiredService<CoordinatorMqttOptions>().Build("coordinator-embedded");
        var tcp = (MQTTnet.MqttClientTcpOptions)options.ChannelOptions;
        Assert.Multiple(() =>
        {
            Assert.That(status.Listening, Is.True);
            Assert.That(tcp.RemoteEndpoint, Is.EqualTo(new DnsEndPoint("127.0.0.1", status.Port!.Value)));
            Assert.That(options.Credentials.GetUserName(options), Is.EqualTo(CoordinatorIdentity.UserName));
            Assert.That(System.Text.Encoding.UTF8.GetString(options.Credentials.GetPassword(options)),
                Is.EqualTo(farm.Services.GetRequiredService<CoordinatorIdentity>().Password));
        });
    }
}
