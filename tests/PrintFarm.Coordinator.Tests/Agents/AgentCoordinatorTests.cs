using System.Net;
using Microsoft.Extensions.Logging;
using PrintFarm.Agent;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Agents;

/// <summary>The agent against the real coordinator: its embedded broker with the contract's ACL, the bridge, and the download.</summary>
[NonParallelizable]
public sealed class AgentCoordinatorTests
{
    [Test]
    public async Task A_printer_registered_with_link_agent_is_driven_by_the_agent_from_bed_clear_to_a_completed_job()
    {
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0), new Dictionary<string, string?> { ["SchedulerIntervalSeconds"] = "0.5" });
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "lab-desk"));
        using var registered = await staff.PostJsonAsync("/api/printers", new
        {
            id = "anna-mk3s", site = "home", link = "agent", address = "anna-pi", bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        var body = await registered.JsonAsync();
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var credentials = body.GetProperty("agentCredentials");
        var broker = new Uri(credentials.GetProperty("broker").GetString()!);

        var data = Directory.CreateTempSubdirectory("printfarm-agent-e2e-").FullName;
        var options = new AgentOptions
        {
            AgentId = credentials.GetProperty("username").GetString()!,
            Broker = BrokerAddress.Format(false, broker.Host, broker.Port, credentials.GetProperty("username").GetString()!, credentials.GetProperty("password").GetString()!),
            Coordinator = farm.Address.ToString(),
            DataDirectory = data,
            ReconnectMaxSeconds = 2,
            Printers = [new AgentPrinterConfig { Id = "anna-mk3s", Port = "virtual", Profile = "prusa", Virtual = new() { Dialect = "prusa", TimeScale = 400, Baud = 2_000_000 } }],
        };
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var agent = new AgentRunner(options, loggers);
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token);
        async Task<string> State() => (await staff.GetJsonAsync("/api/printers/anna-mk3s")).GetProperty("state").GetString()!;
        try
        {
            await Http.EventuallyAsync(async () => await State() == "needs-bed-clear", TimeSpan.FromSeconds(20), "the agent's printer comes online");
            using (var cleared = await staff.PostJsonAsync("/api/printers/anna-mk3s/actions/clear-bed", new { goodParts = 0 }))
                Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var queued = await staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 1, printerId = "anna-mk3s" });
            var job = await queued.JsonAsync();
            Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created), job.ToString());
            var jobId = job.GetProperty("items")[0].GetProperty("id").GetInt64();

            await Http.EventuallyAsync(async () => (await staff.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString() == "completed",
                TimeSpan.FromSeconds(90), "the job completes on the agent's printer");
            await Http.EventuallyAsync(async () => await State() == "needs-bed-clear", TimeSpan.FromSeconds(10), "the bed waits to be looked at");
            var done = await staff.GetJsonAsync($"/api/jobs/{jobId}");
            Assert.Multiple(() =>
            {
                Assert.That(done.GetProperty("goodParts").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
                Assert.That(done.GetProperty("printerId").GetString(), Is.EqualTo("anna-mk3s"));
            });
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(60));
            Directory.Delete(data, recursive: true);
        }
        await Http.EventuallyAsync(async () => await State() == "offline", TimeSpan.FromSeconds(20), "a stopped agent's printer goes offline");
    }
}
