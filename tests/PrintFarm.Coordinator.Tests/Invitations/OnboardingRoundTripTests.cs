using System.Net;
using System.Text.Json;
using PrintFarm.Agent;
using PrintFarm.Coordinator.Tests.Support;

namespace PrintFarm.Coordinator.Tests.Invitations;

/// <summary>
/// A new maker's whole way in, over HTTP: join, pick a preset, register the printer with a short form, download the
/// agent's config; the config is read by the agent's own loader, and its login works.
/// </summary>
public sealed class OnboardingRoundTripTests
{
    [Test]
    [CancelAfter(90_000)]
    public async Task Join_Preset_Printer_AgentConfig_ParsesWithTheAgentsLoader()
    {
        await using var farm = await TestFarm.StartAsync(InvitationTests.Config);
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "desk"));
        var code = (await InvitationTests.CreateAsync(staff, new { node = "node-gracia" })).Single();
        using var joined = await InvitationTests.JoinAsync(farm.Client(), code, "Jordi Mas");
        var join = await joined.JsonAsync();
        Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.Created), join.ToString());
        using var maker = farm.Client(join.GetProperty("key").GetString());

        var presets = await maker.GetJsonAsync("/api/printer-presets");
        var ids = presets.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.EquivalentTo(new[] { "mk3s", "mk4", "mini", "ender-3", "ender-3-v2", "voron-2.4" }));

        using (var none = await maker.PostAsync("/api/me/agent-config", null))
            await none.ProblemAsync(HttpStatusCode.NotFound);

        using var registered = await maker.PostJsonAsync("/api/printers", new { preset = "mk3s", name = "Jordi's MK3S", material = "PETG", nozzleMm = 0.6 });
        var printer = await registered.JsonAsync();
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), printer.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(printer.GetProperty("id").GetString(), Is.EqualTo("jordi-mas-mk3s"));
            Assert.That(printer.GetProperty("owner").GetString(), Is.EqualTo("jordi-mas"));
            Assert.That(printer.GetProperty("node").GetString(), Is.EqualTo("node-gracia"));
            Assert.That(printer.GetProperty("agentCredentials").GetProperty("username").GetString(), Is.EqualTo("jordi-mas-agent"));
        });
        using var second = await maker.PostJsonAsync("/api/printers", new { preset = "ender-3", name = "Ender" });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), (await second.JsonAsync()).ToString());

        using var download = await maker.PostAsync("/api/me/agent-config?download=true", null);
        var text = await download.Content.ReadAsStringAsync();
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(download.Content.Headers.ContentDisposition?.FileName, Does.Contain("agent.json"));
        var file = Path.Combine(farm.DataDirectory, "agent.json");
        await File.WriteAllTextAsync(file, text);
        var options = AgentConfigLoader.Load(file, knownProfiles: ["marlin", "prusa", "klipper", "reprapfirmware", "smoothieware"]);
        Assert.Multiple(() =>
        {
            Assert.That(options.AgentId, Is.EqualTo("jordi-mas-agent"));
            Assert.That(options.Printers.Select(p => (p.Id, p.Profile)), Is.EqualTo(new[] { ("jordi-mas-ender-3", "marlin"), ("jordi-mas-mk3s", "prusa") }));
            Assert.That(options.GetBrokerAddress().UserName, Is.EqualTo("jordi-mas-agent"));
            Assert.That(options.Coordinator, Is.EqualTo(farm.Address.ToString().TrimEnd('/')).Or.StartsWith("http://127.0.0.1"));
        });
        // The config's key is the agent's working key (a job it was never sent is 404, not 401); the first registration's
        // key was replaced by the download.
        using (var agent = farm.Client(options.GetAgentKey()))
        using (var known = await agent.GetAsync("/api/agent/jobs/999999/gcode"))
            Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var old = farm.Client(printer.GetProperty("agentCredentials").GetProperty("password").GetString()))
        using (var refused = await old.GetAsync("/api/agent/jobs/999999/gcode"))
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
