using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Tests.Agents.Broker;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Trust;

/// <summary>
/// Issue 12, findings 2 and 3: after an admin revokes an agent's key, another maker could register a printer behind that
/// agent id and get its MQTT login; and an agent could hold another agent's MQTT client id.
/// </summary>
[TestFixture(TrustStore.Sqlite)]
[TestFixture(TrustStore.Postgres)]
public sealed class AgentTakeoverTests(string store)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Test]
    public Task Register_AgentIdAfterItsKeyWasRevoked_RefusedForAnotherMakerAndNoCredentials() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync(overrides: TrustStore.Overrides(store));
        using var admin = farm.Admin();
        using var anna = farm.Client(await farm.CreateKeyAsync("maker", "anna", owner: "anna"));
        using var mallory = farm.Client(await farm.CreateKeyAsync("maker", "mallory", owner: "mallory"));
        using var first = await anna.PostJsonAsync("/api/printers", Printer("anna-1", "pi-anna"));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var keys = await admin.GetJsonAsync("/api/keys");
        var keyId = keys.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("owner").GetString() == "pi-anna").GetProperty("id").GetInt64();
        using (var revoked = await admin.DeleteAsync(new Uri($"/api/keys/{keyId}", UriKind.Relative)))
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var takeover = await mallory.PostJsonAsync("/api/printers", Printer("mallory-1", "pi-anna"));
        var refusal = await takeover.JsonAsync();
        using var byStaff = await admin.PostJsonAsync("/api/printers", Printer("lab-1", "pi-anna"));
        using var rotated = await anna.PostJsonAsync("/api/printers", Printer("anna-2", "pi-anna"));
        var rotation = await rotated.JsonAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(takeover.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), refusal.ToString());
            Assert.That(refusal.TryGetProperty("agentCredentials", out _), Is.False);
            Assert.That(refusal.GetProperty("detail").GetString(), Is.EqualTo(PrintFarm.Farm.Access.AgentOwners.TakenMessage("pi-anna")), "it does not say whose");
            Assert.That(byStaff.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "staff too: a lab's printer is not anna's");
            Assert.That(await admin.TotalAsync("/api/printers"), Is.EqualTo(2), "only anna's printers");
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(rotation.GetProperty("agentCredentials").GetProperty("username").GetString(), Is.EqualTo("pi-anna"), "the owner gets a new key");
        });
    });

    [Test]
    public Task TransferOwner_ByAdmin_LetsTheNewOwnerRegister() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync(overrides: TrustStore.Overrides(store));
        using var admin = farm.Admin();
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        using var anna = farm.Client(await farm.CreateKeyAsync("maker", "anna", owner: "anna"));
        using var bernat = farm.Client(await farm.CreateKeyAsync("maker", "bernat", owner: "bernat"));
        using (var first = await anna.PostJsonAsync("/api/printers", Printer("anna-1", "pi-shared")))
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var byStaff = await staff.PutAsJsonAsync("/api/agents/pi-shared/owner", new { owner = "bernat" });
        using var byAdmin = await admin.PutAsJsonAsync("/api/agents/pi-shared/owner", new { owner = "bernat" });
        using var registered = await bernat.PostJsonAsync("/api/printers", Printer("bernat-1", "pi-shared"));

        Assert.Multiple(() =>
        {
            Assert.That(byStaff.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only an admin transfers");
            Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    });

    [Test]
    public Task Connect_WithAnotherAgentsClientIdWhileItIsOffline_RefusedAndTheOwnerGetsIn() => HardLimit.RunAsync(Limit, async () =>
    {
        await using var farm = await TestFarm.StartAsync(overrides: TrustStore.Overrides(store));
        using var admin = farm.Admin();
        var passwordA = await PasswordAsync(admin, "pa-1", "agent-a");
        var passwordB = await PasswordAsync(admin, "pb-1", "agent-b");
        var port = farm.Services.GetRequiredService<BrokerStatus>().Port!.Value;

        var squat = await MqttProbe.TryConnectAsync(MqttProbe.Options("127.0.0.1", port, "agent-a", passwordA, clientId: "agent-b").Build());
        await using var owner = await MqttProbe.ConnectAsync(MqttProbe.Options("127.0.0.1", port, "agent-b", passwordB, clientId: "agent-b").Build());

        Assert.Multiple(() =>
        {
            Assert.That(squat, Is.EqualTo(MqttClientConnectResultCode.ClientIdentifierNotValid));
            Assert.That(owner.Client.IsConnected, Is.True, "agent B gets in with its own id");
        });
    });

    private static async Task<string> PasswordAsync(HttpClient admin, string printerId, string agentId)
    {
        using var response = await admin.PostJsonAsync("/api/printers", Printer(printerId, agentId));
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return body.GetProperty("agentCredentials").GetProperty("password").GetString()!;
    }

    private static object Printer(string id, string agentId) => new
    {
        id, site = "home", link = "agent", address = agentId, bedXMm = 235, bedYMm = 235, material = "PLA", profile = "marlin",
    };
}
