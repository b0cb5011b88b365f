using MQTTnet;
using PrintFarm.Coordinator.Tests.Agents.Broker;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>
/// Issue 12, finding 3, on CI's Mosquitto (<c>.ci/start-mosquitto.sh</c>): its agents' listener sets
/// <c>use_username_as_clientid</c>, so agent A asking for agent B's client id still holds only its own, and B's real agent
/// gets in and stays in. Ignored, with the reason, when no Mosquitto was started.
/// </summary>
public sealed class MosquittoClientIdTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Test]
    public Task Connect_AgentAWithAgentBsClientId_DoesNotKeepBOut() => HardLimit.RunAsync(Limit, async () =>
    {
        var agents = Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO_AGENTS");
        if (string.IsNullOrEmpty(agents) || Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO_AGENT_A") is not { } a
            || Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO_AGENT_B") is not { } b)
        {
            Assert.Ignore("PRINTFARM_TEST_MOSQUITTO_AGENTS is not set: start Mosquitto with `eval \"$(.ci/start-mosquitto.sh)\"` (CI does)");
            return;
        }
        var endpoint = MqttEndpoint.Parse(agents);
        var (userA, passwordA) = (a.Split(':', 2)[0], a.Split(':', 2)[1]);
        var (userB, passwordB) = (b.Split(':', 2)[0], b.Split(':', 2)[1]);

        await using var squatter = await MqttProbe.ConnectAsync(MqttProbe.Options(endpoint.Host, endpoint.Port, userA, passwordA, clientId: userB).Build());
        await using var owner = await MqttProbe.ConnectAsync(MqttProbe.Options(endpoint.Host, endpoint.Port, userB, passwordB, clientId: userB).Build());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var coordinatorUrl = new Uri(Environment.GetEnvironmentVariable("PRINTFARM_TEST_MOSQUITTO")!);
        var onCoordinatorPort = await MqttProbe.TryConnectAsync(
            MqttProbe.Options(coordinatorUrl.Host, coordinatorUrl.Port, userA, passwordA, clientId: userA).Build());

        Assert.Multiple(() =>
        {
            Assert.That(owner.Client.IsConnected, Is.True, "agent B is in with its own id");
            Assert.That(squatter.Client.IsConnected, Is.True, "A was renamed to its own id, so neither pushes the other out");
            Assert.That(onCoordinatorPort, Is.Not.EqualTo(MqttClientConnectResultCode.Success), "agents are not known on the coordinators' listener");
        });
    });
}
