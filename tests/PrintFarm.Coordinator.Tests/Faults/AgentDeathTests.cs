using System.Globalization;
using System.Text.Json;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Coordinator.Tests.Survival;
namespace PrintFarm.Coordinator.Tests.Faults;

/// <summary>
/// <c>printfarm agent</c> as a real child process of the test, against a real coordinator (embedded broker, bridge,
/// download), dying or stopped in the middle of a print, and started again on the same data directory.
/// </summary>
[NonParallelizable]
public sealed class AgentDeathTests
{
    private const string AgentId = "anna-pi";
    private const double GraceSeconds = 5;

    [Test]
    public async Task When_the_agent_is_killed_mid_print_the_job_is_interrupted_when_the_grace_period_ends_and_the_restarted_agent_shows_the_printer_as_it_is()
    {
        var log = new ChildLog();
        await using var farm = await StartFarmAsync();
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "lab-desk"));
        var dir = Directory.CreateTempSubdirectory("printfarm-fault-agent-").FullName;
        try
        {
            var config = await WriteConfigAsync(staff, farm, dir);
            long jobId;
            DateTimeOffset killedAt;
            using (var agent = StartAgent(log, config, dir, "agent"))
            {
                jobId = await FaultFarm.ClearBedAndQueueAsync(staff);
                await WaitMidPrintAsync(staff, jobId, log);
                log.Note("SIGKILL to the agent mid-print");
                killedAt = DateTimeOffset.UtcNow;
                await agent.KillAsync();
            }

            // The broker sees the connection die and publishes the last will; the grace period runs from then.
            await Http.EventuallyAsync(async () => FaultFarm.JobState(await FaultFarm.JobAsync(staff, jobId)) != "printing", TimeSpan.FromSeconds(90),
                "the job is taken off the printer once the grace period ends");
            var job = await FaultFarm.JobAsync(staff, jobId);
            var interrupted = FaultFarm.Events(job).Where(e => e.Action == "job.interrupted").ToList();
            var printer = await FaultFarm.PrinterAsync(staff);
            Assert.Multiple(() =>
            {
                Assert.That(FaultFarm.JobState(job), Is.EqualTo("interrupted"), log.Tail());
                Assert.That(interrupted, Has.Count.EqualTo(1));
                Assert.That(interrupted[0].At - killedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(GraceSeconds)), "not before the grace period ended");
                Assert.That(interrupted[0].Actor, Is.EqualTo("system:agent-watch"), "the coordinator's watch on away agents");
                Assert.That(printer.GetProperty("state").GetString(), Is.EqualTo("offline"));
                Assert.That(printer.GetProperty("trackRecord").GetProperty("jobsFailed").GetInt32(), Is.Zero, "an interruption is not the printer's failure");
            });
            TestContext.Progress.WriteLine($"faults: interrupted {(interrupted[0].At - killedAt).TotalSeconds:0.0} s after the kill (grace {GraceSeconds} s)");

            // The agent comes back on the same data directory with a freshly started printer: idle, and nobody has
            // looked at the bed.
            using var again = StartAgent(log, config, dir, "agent-again");
            await Http.EventuallyAsync(async () => await FaultFarm.StateAsync(staff) == "needs-bed-clear", TimeSpan.FromSeconds(60),
                "the restarted agent's printer comes back, waiting for its bed to be cleared");
            await Http.EventuallyAsync(async () => (await FaultFarm.PrinterAsync(staff)).GetProperty("temperatures").ValueKind == JsonValueKind.Object,
                TimeSpan.FromSeconds(30), "the coordinator shows the printer's live state");
            await AssertNotStartedAgainAsync(staff, dir, jobId, log);
            await again.TerminateAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task When_the_agent_is_stopped_mid_print_its_job_is_interrupted_not_failed_and_the_restarted_agent_shows_the_printer_as_it_is()
    {
        var log = new ChildLog();
        await using var farm = await StartFarmAsync();
        using var staff = farm.Client(await farm.CreateKeyAsync("staff", "lab-desk"));
        var dir = Directory.CreateTempSubdirectory("printfarm-fault-agent-").FullName;
        try
        {
            var config = await WriteConfigAsync(staff, farm, dir);
            long jobId;
            using (var agent = StartAgent(log, config, dir, "agent"))
            {
                jobId = await FaultFarm.ClearBedAndQueueAsync(staff);
                await WaitMidPrintAsync(staff, jobId, log);
                log.Note("SIGTERM to the agent mid-print, as systemctl stop does");
                var code = await agent.TerminateAsync(TimeSpan.FromSeconds(90));
                Assert.That(code, Is.Zero, $"the agent stops cleanly\n{log.Tail()}");
            }

            // The agent said so itself before it left (job-failed "interrupted: agent stopping"), not the grace period.
            var job = await FaultFarm.JobAsync(staff, jobId);
            await Http.EventuallyAsync(async () => FaultFarm.JobState(job = await FaultFarm.JobAsync(staff, jobId)) != "printing", TimeSpan.FromSeconds(30),
                "the agent's report of its stop arrives");
            var printer = await FaultFarm.PrinterAsync(staff);
            var events = FaultFarm.Events(job);
            var actions = events.Select(e => $"{e.Action} by {e.Actor} ({e.Details})").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(FaultFarm.JobState(job), Is.EqualTo("interrupted"), string.Join(", ", actions));
                Assert.That(events.Where(e => e.Action == "job.interrupted").Select(e => e.Actor), Is.EqualTo(new[] { "agent" }), "reported by the agent itself");
                Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
                Assert.That(printer.GetProperty("state").GetString(), Is.EqualTo("offline"));
                Assert.That(printer.GetProperty("trackRecord").GetProperty("jobsFailed").GetInt32(), Is.Zero, "an interruption is not the printer's failure");
            });

            using var again = StartAgent(log, config, dir, "agent-again");
            await Http.EventuallyAsync(async () => await FaultFarm.StateAsync(staff) == "needs-bed-clear", TimeSpan.FromSeconds(60),
                "the restarted agent's printer comes back, waiting for its bed to be cleared");
            await AssertNotStartedAgainAsync(staff, dir, jobId, log);
            await again.TerminateAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<TestFarm> StartFarmAsync() => TestFarm.StartAsync(FarmConfigs.Farm(0, 0), new Dictionary<string, string?>
    {
        ["SchedulerIntervalSeconds"] = "0.5",
        ["Mqtt:OfflineGraceSeconds"] = GraceSeconds.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Registers the printer and writes the agent's config: one virtual MK3S printing the ear saver in about a minute.</summary>
    private static async Task<string> WriteConfigAsync(HttpClient staff, TestFarm farm, string dir)
    {
        var (user, key, broker) = await FaultFarm.RegisterAsync(staff, AgentId);
        var config = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "agentId": "{{user}}",
              "broker": "mqtt://{{user}}:{{key}}@{{broker.Host}}:{{broker.Port}}",
              "coordinator": "{{farm.Address}}",
              "reconnectMaxSeconds": 2,
              "stateIntervalSeconds": 5,
              "printers": [
                { "id": "{{FaultFarm.PrinterId}}", "port": "virtual", "profile": "prusa", "virtual": { "dialect": "prusa", "timeScale": 25, "baud": 2000000 } },
              ],
            }
            """);
        return config;
    }

    private static ChildProcess StartAgent(ChildLog log, string config, string dir, string name) =>
        ChildProcess.Start(log, name, "agent", "--config", config, "--data", Path.Combine(dir, "data"));

    private static async Task WaitMidPrintAsync(HttpClient staff, long jobId, ChildLog log)
    {
        await Http.EventuallyAsync(async () => FaultFarm.JobState(await FaultFarm.JobAsync(staff, jobId)) == "printing", TimeSpan.FromSeconds(60),
            $"the job starts\n{log.Tail()}");
        await Http.EventuallyAsync(async () => (await FaultFarm.PrinterAsync(staff)) is var p && p.GetProperty("job").ValueKind == JsonValueKind.Object
            && p.GetProperty("job").GetProperty("progress").GetDouble() > 0.05, TimeSpan.FromSeconds(60), "the coordinator sees the print's progress");
        Assert.That(FaultFarm.JobState(await FaultFarm.JobAsync(staff, jobId)), Is.EqualTo("printing"), "mid-print");
    }

    /// <summary>The interrupted job stays interrupted: the agent never ran its start-job again.</summary>
    private static async Task AssertNotStartedAgainAsync(HttpClient staff, string dir, long jobId, ChildLog log)
    {
        var job = await FaultFarm.JobAsync(staff, jobId);
        Assert.Multiple(() =>
        {
            Assert.That(FaultFarm.JobState(job), Is.EqualTo("interrupted"), log.Tail());
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(FaultFarm.Events(job).Count(e => e.Action == "job.printing"), Is.EqualTo(1), "started once");
            Assert.That(FaultFarm.JournalStarts(Path.Combine(dir, "data"), jobId), Is.EqualTo(new[] { $"start-{jobId}-1" }), "the agent ran one start-job");
        });
    }
}
