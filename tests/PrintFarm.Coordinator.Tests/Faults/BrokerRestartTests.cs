using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Agent.Tests.Support;
using PrintFarm.Coordinator.Agents.Bridge;
using PrintFarm.Coordinator.Tests.Agents;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Faults;

/// <summary>
/// The broker goes away in the middle of an agent's print and comes back: the embedded one (the coordinator restarts
/// on the same data directory and ports) and Mosquitto (killed and started again). The print goes on at the agent; the
/// job starts once, completes once, and the coordinator agrees with the agent again within 10 s of the broker's return.
/// </summary>
[NonParallelizable]
public sealed class BrokerRestartTests
{
    private const string AgentId = "anna-pi";

    /// <summary>The ear saver (25 min real) takes about a minute: long enough for a restart in the middle on a loaded machine.</summary>
    private const double TimeScale = 25;

    private static readonly TimeSpan AgreeAfterReturn = TimeSpan.FromSeconds(10);

    [Test]
    public Task When_the_coordinator_and_its_embedded_broker_restart_mid_print_the_job_starts_once_completes_once_and_the_state_agrees_again() =>
        RestartCoordinatorAsync(printEndsWhileDown: false);

    [Test]
    public Task When_the_print_ends_while_the_coordinator_and_its_embedded_broker_are_down_the_completion_arrives_once_they_are_back() =>
        RestartCoordinatorAsync(printEndsWhileDown: true);

    [Test]
    public Task When_Mosquitto_is_killed_and_started_again_mid_print_the_job_starts_once_completes_once_and_the_state_agrees_again() =>
        RestartMosquittoAsync(printEndsWhileDown: false);

    [Test]
    public Task When_the_print_ends_while_Mosquitto_is_down_the_completion_arrives_once_it_is_back() =>
        RestartMosquittoAsync(printEndsWhileDown: true);

    private static async Task RestartCoordinatorAsync(bool printEndsWhileDown)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{TestFarm.FreePort()}",
            ["Mqtt:Port"] = TestFarm.FreePort().ToString(CultureInfo.InvariantCulture),
            ["SchedulerIntervalSeconds"] = "0.5",
        };
        var config = FarmConfigs.Farm(0, 0);
        var farm = await TestFarm.StartAsync(config, overrides);
        var agentData = Directory.CreateTempSubdirectory("printfarm-fault-agent-").FullName;
        InProcessAgent? agent = null;
        try
        {
            // The staff key lives in the farm's database: the same client works against the restarted coordinator.
            using var staff = farm.Client(await farm.CreateKeyAsync("staff", "lab-desk"));
            var (user, key, broker) = await FaultFarm.RegisterAsync(staff, AgentId);
            agent = new InProcessAgent(InProcessAgent.OptionsFor(user, key, broker.Host, broker.Port, farm.Address, agentData), TimeScale);
            agent.Start();
            var jobId = await FaultFarm.ClearBedAndQueueAsync(staff);
            await WaitMidPrintAsync(staff, agent, jobId);

            await farm.StopAsync();
            Assert.That(agent.Truth.Status, Is.EqualTo("printing"), "the coordinator stopped mid-print");
            await WhileDownAsync(agent, printEndsWhileDown);

            farm = await TestFarm.StartAsync(config, overrides, farm.DataDirectory);
            await AgreesAfterReturnAsync(farm, staff, agent, printEndsWhileDown, "after the coordinator's restart");
            await AssertCompletesOnceAsync(farm, staff, agent, agentData, jobId);
        }
        finally
        {
            if (agent is not null)
                await agent.DisposeAsync();
            await farm.DisposeAsync();
            Directory.Delete(agentData, recursive: true);
        }
    }

    private static async Task RestartMosquittoAsync(bool printEndsWhileDown)
    {
        await using var mosquitto = MosquittoProcess.Create(AgentId, FaultFarm.PrinterId);
        await mosquitto.StartAsync();
        await using var farm = await TestFarm.StartAsync(FarmConfigs.Farm(0, 0), new Dictionary<string, string?>
        {
            ["Mqtt:External"] = mosquitto.CoordinatorUrl,
            ["SchedulerIntervalSeconds"] = "0.5",
        });
        var agentData = Directory.CreateTempSubdirectory("printfarm-fault-agent-").FullName;
        InProcessAgent? agent = null;
        try
        {
            using var staff = farm.Client(await farm.CreateKeyAsync("staff", "lab-desk"));
            var (user, key, _) = await FaultFarm.RegisterAsync(staff, AgentId);
            // Mosquitto knows the agent by the key the coordinator made for it.
            await mosquitto.AddUserAsync(user, key);
            await mosquitto.KillAsync();
            await mosquitto.StartAsync();
            agent = new InProcessAgent(InProcessAgent.OptionsFor(user, key, "127.0.0.1", mosquitto.Port, farm.Address, agentData), TimeScale);
            agent.Start();
            var jobId = await FaultFarm.ClearBedAndQueueAsync(staff);
            await WaitMidPrintAsync(staff, agent, jobId);

            await mosquitto.KillAsync();
            Assert.That(agent.Truth.Status, Is.EqualTo("printing"), "the broker died mid-print");
            await WhileDownAsync(agent, printEndsWhileDown);

            await mosquitto.StartAsync();
            await AgreesAfterReturnAsync(farm, staff, agent, printEndsWhileDown, "after Mosquitto's restart");
            await AssertCompletesOnceAsync(farm, staff, agent, agentData, jobId);
        }
        finally
        {
            if (agent is not null)
                await agent.DisposeAsync();
            Directory.Delete(agentData, recursive: true);
        }
    }

    /// <summary>The broker is gone: the agent notices and its events wait; with <paramref name="printEndsWhileDown"/>, until the print is over.</summary>
    private static async Task WhileDownAsync(InProcessAgent agent, bool printEndsWhileDown)
    {
        await Watcher.Eventually(() => !agent.Runner.IsOnline, 30, "the agent notices the broker is gone");
        await Watcher.Eventually(() => agent.Runner.Printer(FaultFarm.PrinterId).Outbox.Count > 0, 30, "events wait in the agent's outbox");
        if (printEndsWhileDown)
            await Watcher.Eventually(() => agent.Truth.Status == "ready", 180, "the print ends while the broker is down");
    }

    /// <summary>The broker is back: within 10 s the coordinator shows what the agent sees.</summary>
    private static async Task AgreesAfterReturnAsync(TestFarm farm, HttpClient staff, InProcessAgent agent, bool printEndsWhileDown, string when)
    {
        var back = agent.Truth;
        Assert.That(back.Status, Is.EqualTo(printEndsWhileDown ? "ready" : "printing"),
            printEndsWhileDown ? "the print was over when the broker came back" : "the print was still going when the broker came back");
        await AgreesWithinAsync(farm, staff, agent, back.Progress, AgreeAfterReturn, when);
    }

    /// <summary>Waits until the job prints at the agent and the coordinator has seen it start and make progress.</summary>
    private static async Task WaitMidPrintAsync(HttpClient staff, InProcessAgent agent, long jobId)
    {
        await Http.EventuallyAsync(async () => FaultFarm.JobState(await FaultFarm.JobAsync(staff, jobId)) == "printing", TimeSpan.FromSeconds(60), "the job starts");
        await Http.EventuallyAsync(async () => (await FaultFarm.PrinterAsync(staff)) is var p && p.GetProperty("job").ValueKind == JsonValueKind.Object
            && p.GetProperty("job").GetProperty("progress").GetDouble() > 0.05, TimeSpan.FromSeconds(60), "the coordinator sees the print's progress");
        Assert.That(agent.Truth.Status, Is.EqualTo("printing"), "the print is not over yet: the test's time scale is too fast for this machine");
    }

    /// <summary>
    /// The coordinator's view of the printer matches the agent's own within <paramref name="budget"/>. While printing,
    /// its progress must also have reached <paramref name="progressFloor"/> (the agent's progress when the broker came
    /// back; a restarted coordinator knows no progress until the agent reports it again), and both the agent and the
    /// coordinator's bridge must be connected again.
    /// </summary>
    private static async Task AgreesWithinAsync(TestFarm farm, HttpClient staff, InProcessAgent agent, double progressFloor, TimeSpan budget, string when)
    {
        var clock = Stopwatch.StartNew();
        var bridge = farm.Services.GetRequiredService<AgentBridge>();
        string last = "";
        while (true)
        {
            var truth = agent.Truth;
            var printer = await FaultFarm.PrinterAsync(staff);
            var state = printer.GetProperty("state").GetString();
            var job = printer.GetProperty("job");
            var hasTemperatures = printer.GetProperty("temperatures").ValueKind == JsonValueKind.Object;
            var agrees = agent.Runner.IsOnline && bridge.IsConnected && truth.Status switch
            {
                "printing" => state == "printing" && hasTemperatures && job.ValueKind == JsonValueKind.Object
                    && job.GetProperty("id").GetInt64() == truth.JobId
                    && job.GetProperty("progress").GetDouble() >= progressFloor - 0.001
                    && Math.Abs(job.GetProperty("progress").GetDouble() - truth.Progress) <= 0.1,
                // A finished print waits for someone to look at the bed.
                "ready" => state == "needs-bed-clear" && hasTemperatures && job.ValueKind == JsonValueKind.Null,
                _ => false,
            };
            if (agrees)
            {
                TestContext.Progress.WriteLine($"faults: the coordinator agrees with the agent {clock.Elapsed.TotalSeconds:0.0} s {when}");
                return;
            }
            last = $"agent online {agent.Runner.IsOnline}, bridge connected {bridge.IsConnected}; agent: {truth.Status} job {truth.JobId} at {truth.Progress:0.000}; coordinator: {printer}";
            if (clock.Elapsed > budget)
                Assert.Fail($"the coordinator did not agree with the agent within {budget.TotalSeconds:0} s {when}: {last}");
            await Task.Delay(200);
        }
    }

    private static async Task AssertCompletesOnceAsync(TestFarm farm, HttpClient staff, InProcessAgent agent, string agentData, long jobId)
    {
        await Http.EventuallyAsync(async () => FaultFarm.JobState(await FaultFarm.JobAsync(staff, jobId)) is "completed" or "failed" or "interrupted" or "cancelled",
            TimeSpan.FromSeconds(180), "the job ends");
        await Watcher.Eventually(() => agent.Truth.Status == "ready", 30, "the agent's printer is idle again");
        await AgreesWithinAsync(farm, staff, agent, 0, TimeSpan.FromSeconds(30), "after the print");
        var job = await FaultFarm.JobAsync(staff, jobId);
        var actions = FaultFarm.Events(job).Select(e => e.Action).ToList();
        var executed = agent.Boards.SelectMany(b => b.Executed).ToList();
        var counts = executed.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var unique = FaultFarm.UniqueFileCommands();
        Assert.Multiple(() =>
        {
            Assert.That(FaultFarm.JobState(job), Is.EqualTo("completed"), string.Join(", ", actions));
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1), "one attempt");
            Assert.That(actions.Count(a => a == "job.printing"), Is.EqualTo(1), $"started once: {string.Join(", ", actions)}");
            Assert.That(actions.Count(a => a == "job.completed"), Is.EqualTo(1), $"completed once: {string.Join(", ", actions)}");
            Assert.That(FaultFarm.JournalStarts(agentData, jobId), Is.EqualTo(new[] { $"start-{jobId}-1" }), "the agent ran one start-job");
            Assert.That(agent.Boards, Has.Count.EqualTo(1), "the printer's link never dropped");
            Assert.That(unique.Where(l => counts.GetValueOrDefault(l) != 1).Take(5), Is.Empty, "each line of the file executed exactly once");
            Assert.That(AgentMqttTests.IsSubsequence(AgentRig.FileCommands(), executed), Is.True, "the whole file was printed, in order");
        });
    }
}
