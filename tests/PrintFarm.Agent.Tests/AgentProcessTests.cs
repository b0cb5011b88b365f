using System.CommandLine;
using System.Diagnostics;
using PrintFarm.Agent.Tests.Support;
using PrintFarm.Wire;
namespace PrintFarm.Agent.Tests;

/// <summary>The agent build (<c>printfarm-agent</c>) as a process: the config from a file and the environment, and the last will when it dies.</summary>
[NonParallelizable]
[Platform("Linux")]
public sealed class AgentProcessTests
{
    [Test]
    public async Task When_the_agent_process_is_killed_the_broker_says_offline_for_it_retained()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await Watcher.ConnectAsync(broker.Port);
        var dir = Directory.CreateTempSubdirectory("printfarm-agent-proc-").FullName;
        var config = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(config, """
            // The broker (with the key) comes from the environment, as under systemd.
            {
              "agentId": "agent-kill-1",
              "coordinator": "http://127.0.0.1:9",
              "reconnectMaxSeconds": 2,
              "printers": [
                { "id": "kp1", "port": "virtual", "profile": "prusa", "virtual": { "dialect": "prusa", "timeScale": 100, "baud": 1000000 } },
              ],
            }
            """);
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "printfarm-agent.dll"), "--config", config, "--data", Path.Combine(dir, "data")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PRINTFARM_AGENT__BROKER"] = broker.Url("agent-kill-1", "pf_process-key");
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var online = watcher.Topics.Online("agent-kill-1");
            var state = watcher.Topics.State("kp1");
            await Watcher.Eventually(() => process.HasExited || watcher.On(state).Any(s => s.Json.GetProperty("status").GetString() == "ready"), 60,
                "the agent process comes up with its printer ready");
            Assert.That(process.HasExited, Is.False, string.Join("\n", output));
            // The agent publishes its printers' states first and then online = true: wait for the flag too.
            await Watcher.Eventually(() => watcher.On(online) is { Count: > 0 } flags && flags[^1].Payload == "true", 30, "the agent says it is online");

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Watcher.Eventually(() => watcher.On(online)[^1].Payload == "false", 30, "the last will: online = false");
            await using var late = await Watcher.ConnectAsync(broker.Port, "late-subscriber");
            await Watcher.Eventually(() => late.On(online).Count > 0, 10, "a retained online flag");
            Assert.Multiple(() =>
            {
                Assert.That(late.On(online).Single().Payload, Is.EqualTo("false"));
                Assert.That(late.On(online).Single().Retain, Is.True);
            });
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [CancelAfter(150_000)]
    public async Task The_agent_build_alone_prints_a_job_and_never_loads_ASP_NET(CancellationToken cancellation)
    {
        const string key = "pf_alone-key";
        var gcode = Path.Combine(AppContext.BaseDirectory, "samples", "designs", "ear-saver", "mk3s_pla.gcode");
        var bytes = await File.ReadAllBytesAsync(gcode, cancellation);
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await Watcher.ConnectAsync(broker.Port);
        await using var files = PlainFileServer.Start(Path.GetDirectoryName(gcode)!, key);
        var dir = Directory.CreateTempSubdirectory("printfarm-agent-alone-").FullName;
        var config = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "agentId": "agent-alone",
              "broker": "{{broker.Url("agent-alone", key)}}",
              "coordinator": "{{files.BaseUrl}}",
              "printers": [ { "id": "ap1", "port": "virtual", "profile": "prusa", "virtual": { "dialect": "prusa", "timeScale": 400, "baud": 2000000 } } ]
            }
            """, cancellation);
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "printfarm-agent.dll"), "--config", config, "--data", Path.Combine(dir, "data")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Watcher.Eventually(() => process.HasExited || watcher.On(watcher.Topics.State("ap1")).Any(s => s.Json.GetProperty("status").GetString() == "ready"), 60,
                "the agent process comes up with its printer ready");
            Assert.That(process.HasExited, Is.False, string.Join("\n", output));

            await watcher.SendAsync("ap1", new CommandMessage("start-alone-1", MessageTypes.StartJob, JobId: 7, Url: "/api/agent-files/mk3s_pla.gcode",
                Sha256: Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Size: bytes.Length, Profile: "prusa"));
            await Watcher.Eventually(() => watcher.Events("ap1").Any(e => e.GetProperty("type").GetString() == MessageTypes.JobCompleted), 100,
                $"the job completes\n{string.Join("\n", output.TakeLast(20))}");

            // What the process mapped: the base runtime and our assemblies, no ASP.NET Core.
            var mapped = await File.ReadAllTextAsync($"/proc/{process.Id}/maps", cancellation);
            Assert.Multiple(() =>
            {
                Assert.That(files.Downloads, Is.EqualTo(1));
                Assert.That(mapped, Does.Contain("printfarm-agent.dll"));
                Assert.That(mapped, Does.Not.Contain("Microsoft.AspNetCore"));
            });
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task A_bad_config_stops_the_agent_before_it_starts_with_one_line_per_problem()
    {
        var dir = Directory.CreateTempSubdirectory("printfarm-agent-cfg-").FullName;
        var config = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(config, """
            { "agentId": "a/b", "broker": "http://x", "coordinator": "ftp://farm",
              "printers": [ { "id": "p1", "port": "COM3", "profile": "makerbot" } ] }
            """);
        var root = AgentCommand.Configure(new RootCommand("test"));
        using var error = new StringWriter { NewLine = "\n" };
        var code = await root.Parse(["--config", config]).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error });
        var lines = error.ToString().Trim().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(lines, Has.All.StartWith("config: "));
            Assert.That(lines, Has.Some.StartWith("config: agentId:"));
            Assert.That(lines, Has.Some.StartWith("config: broker: not an mqtt://"));
            Assert.That(lines, Has.Some.StartWith("config: coordinator:"));
            Assert.That(lines, Has.Some.StartWith("config: printers[0].port: \"COM3\""));
            Assert.That(lines, Has.Some.StartWith("config: printers[0].profile: \"makerbot\" is not a known firmware profile"));
        });
        Directory.Delete(dir, recursive: true);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
