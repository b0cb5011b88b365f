using System.Text;
using System.Text.Json;
using PrintFarm.Agent.Tests.Support;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents;

/// <summary>
/// <c>printfarm agent</c> against a plain in-test broker and file server, with virtual printers running fast: what the
/// coordinator will see of it on the MQTT contract.
/// </summary>
[NonParallelizable]
public sealed class AgentMqttTests
{
    [Test]
    public async Task On_connect_the_agent_says_it_is_online_and_publishes_each_printers_state_retained()
    {
        await using var rig = await AgentRig.StartAsync(400, "p1", "p2");
        await using var late = await Watcher.ConnectAsync(rig.Broker.Port, "late-subscriber");
        await Watcher.Eventually(() => new[] { "p1", "p2" }.All(p => late.On(late.Topics.State(p)).Any(s => s.Json.GetProperty("status").GetString() == "ready"))
            && late.On(late.Topics.Online(AgentRig.AgentId)).Count > 0, 10, "retained online flag and ready states");

        var online = late.On(late.Topics.Online(AgentRig.AgentId)).Single();
        var p1 = late.On(late.Topics.State("p1"))[0];
        var state = p1.Json;
        Assert.Multiple(() =>
        {
            Assert.That(online.Payload, Is.EqualTo("true"));
            Assert.That(online.Retain, Is.True, "online is retained");
            Assert.That(p1.Retain, Is.True, "a subscriber that comes later gets the state at once");
            Assert.That(state.GetProperty("status").GetString(), Is.EqualTo("ready"));
            Assert.That(state.GetProperty("firmware").GetString(), Does.Contain("Prusa"));
            Assert.That(state.GetProperty("jobId").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(state.GetProperty("timestamp").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));
        });
    }

    [Test]
    public async Task A_start_job_downloads_checks_and_prints_the_file_and_reports_started_progress_and_completed_in_order_once()
    {
        await using var rig = await AgentRig.StartAsync(400);
        var w = rig.Watcher;
        await w.SendAsync("p1", AgentRig.StartJob("cmd-start-1", 41));
        var ack = await w.AckAsync("p1", "cmd-start-1");
        Assert.That(ack.GetProperty("ok").GetBoolean(), Is.True, ack.ToString());
        await Watcher.Eventually(() => w.On(w.Topics.State("p1")).Any(s => s.Json.GetProperty("status").GetString() == "printing" && s.Json.GetProperty("jobId").GetInt64() == 41),
            10, "state printing job 41");
        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.JobCompleted), 90, "job-completed");

        // The same command again (a QoS 1 redelivery, or the coordinator retrying): answered again, not run again.
        var executedBefore = rig.BoardOf("p1").Executed.Count;
        await w.SendAsync("p1", AgentRig.StartJob("cmd-start-1", 41));
        var again = await w.AckAsync("p1", "cmd-start-1", count: 2);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var events = w.Events("p1");
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        var progress = events.Where(e => e.GetProperty("type").GetString() == MessageTypes.Progress).ToList();
        var completed = events.Single(e => e.GetProperty("type").GetString() == MessageTypes.JobCompleted);
        var file = AgentRig.FileCommands();
        var executed = rig.BoardOf("p1").Executed;
        Assert.Multiple(() =>
        {
            Assert.That(types[0], Is.EqualTo(MessageTypes.JobStarted));
            Assert.That(types[^1], Is.EqualTo(MessageTypes.JobCompleted));
            Assert.That(types.Skip(1).SkipLast(1), Is.All.EqualTo(MessageTypes.Progress));
            Assert.That(progress, Has.Count.GreaterThanOrEqualTo(2), "progress at least once a second during a print of several seconds");
            Assert.That(progress.Select(p => p.GetProperty("progress").GetDouble()), Is.Ordered);
            Assert.That(events.Select(e => e.GetProperty("seq").GetInt64()), Is.EqualTo(Enumerable.Range(1, events.Count).Select(i => (long)i)), "seq from 1, no gap");
            Assert.That(events.Select(e => e.GetProperty("session").GetString()).Distinct().Single(), Is.EqualTo(rig.Runner.Session));
            Assert.That(events.Select(e => e.GetProperty("jobId").GetInt64()), Is.All.EqualTo(41));
            Assert.That(completed.GetProperty("goodParts").ValueKind, Is.EqualTo(JsonValueKind.Null), "the bed must be looked at");
            Assert.That(completed.GetProperty("linesSent").GetInt64(), Is.EqualTo(file.Count));
            Assert.That(IsSubsequence(file, executed), Is.True, "the board executed every command of the file, in order");
            Assert.That(again.GetProperty("ok").GetBoolean(), Is.True, "the same answer again");
            Assert.That(rig.Files.Downloads, Is.EqualTo(1), "downloaded once");
            Assert.That(rig.BoardOf("p1").Executed.Count - executedBefore, Is.LessThan(50), "not printed a second time");
        });
        await Watcher.Eventually(() => w.On(w.Topics.State("p1"))[^1].Json.GetProperty("status").GetString() == "ready", 10, "ready again");
    }

    [Test]
    public async Task Pause_resume_and_cancel_reach_the_print_and_a_command_the_printer_could_not_take_may_come_again()
    {
        await using var rig = await AgentRig.StartAsync(100);
        var w = rig.Watcher;
        string? Status() => w.On(w.Topics.State("p1"))[^1].Json.GetProperty("status").GetString();

        // Nothing to cancel yet: refused, and not recorded, so the same command can act later.
        await w.SendAsync("p1", new CommandMessage("cancel-1", MessageTypes.Cancel));
        var early = await w.AckAsync("p1", "cancel-1");

        await w.SendAsync("p1", AgentRig.StartJob("start-12", 12));
        Assert.That((await w.AckAsync("p1", "start-12")).GetProperty("ok").GetBoolean(), Is.True);
        await w.SendAsync("p1", AgentRig.StartJob("start-13", 13));
        var busy = await w.AckAsync("p1", "start-13");
        await w.SendAsync("p1", new CommandMessage("clear-1", MessageTypes.ClearBed, GoodParts: 4));
        var clearWhilePrinting = await w.AckAsync("p1", "clear-1");

        await w.SendAsync("p1", new CommandMessage("pause-1", MessageTypes.Pause));
        var paused = await w.AckAsync("p1", "pause-1");
        await Watcher.Eventually(() => Status() == "paused", 10, "state paused");
        var linesAtPause = rig.Runner.Printer("p1").Session!.CurrentJob!.LinesSent;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var linesWhilePaused = rig.Runner.Printer("p1").Session!.CurrentJob!.LinesSent - linesAtPause;
        await w.SendAsync("p1", new CommandMessage("resume-1", MessageTypes.Resume));
        var resumed = await w.AckAsync("p1", "resume-1");
        await Watcher.Eventually(() => Status() == "printing", 10, "state printing again");

        await w.SendAsync("p1", new CommandMessage("cancel-1", MessageTypes.Cancel));
        var cancelled = await w.AckAsync("p1", "cancel-1", count: 2);
        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.JobFailed), 10, "job-failed");
        await Watcher.Eventually(() => Status() == "ready", 10, "ready after the cancel");
        await w.SendAsync("p1", new CommandMessage("clear-2", MessageTypes.ClearBed, GoodParts: 0));
        var cleared = await w.AckAsync("p1", "clear-2");
        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.BedCleared), 10, "bed-cleared");

        var events = w.Events("p1");
        Assert.Multiple(() =>
        {
            Assert.That(early.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(early.GetProperty("error").GetString(), Is.EqualTo("no job is running"));
            Assert.That(busy.GetProperty("error").GetString(), Is.EqualTo("the printer is busy with job 12"));
            Assert.That(clearWhilePrinting.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(paused.GetProperty("ok").GetBoolean(), Is.True, paused.ToString());
            Assert.That(linesWhilePaused, Is.LessThan(20), "a paused print sends (almost) nothing");
            Assert.That(resumed.GetProperty("ok").GetBoolean(), Is.True, resumed.ToString());
            Assert.That(cancelled.GetProperty("ok").GetBoolean(), Is.True, "the same command id, now that there is a job");
            Assert.That(events.Single(e => e.GetProperty("type").GetString() == MessageTypes.JobFailed).GetProperty("reason").GetString(), Is.EqualTo("cancelled"));
            Assert.That(events.Select(e => e.GetProperty("jobId").ValueKind == JsonValueKind.Number ? e.GetProperty("jobId").GetInt64() : 0), Is.All.EqualTo(12), "nothing of job 13");
            Assert.That(cleared.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(events[^1].GetProperty("goodParts").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task A_file_whose_sha256_does_not_match_is_refused_and_nothing_is_printed()
    {
        await using var rig = await AgentRig.StartAsync(400);
        var w = rig.Watcher;
        var wrong = new string('a', 64);
        await w.SendAsync("p1", AgentRig.StartJob("cmd-bad-sha", 7, sha256: wrong));
        var ack = await w.AckAsync("p1", "cmd-bad-sha");
        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.JobFailed), 10, "job-failed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var failed = w.Events("p1").Single();
        Assert.Multiple(() =>
        {
            Assert.That(ack.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(ack.GetProperty("error").GetString(), Does.StartWith("sha256 mismatch"));
            Assert.That(failed.GetProperty("type").GetString(), Is.EqualTo(MessageTypes.JobFailed));
            Assert.That(failed.GetProperty("jobId").GetInt64(), Is.EqualTo(7));
            Assert.That(failed.GetProperty("reason").GetString(), Does.StartWith("sha256 mismatch").And.Contain(AgentRig.Sha256));
            Assert.That(rig.BoardOf("p1").Executed.Where(c => c.StartsWith("G1", StringComparison.Ordinal)), Is.Empty, "nothing printed");
            Assert.That(Directory.Exists(Path.Combine(rig.DataDirectory, "gcode")) ? Directory.GetFiles(Path.Combine(rig.DataDirectory, "gcode")) : [], Is.Empty, "the bad file is gone");
        });

        // A missing file and a wrong key are refused the same way.
        await w.SendAsync("p1", AgentRig.StartJob("cmd-missing", 8, name: "nothing-here.gcode"));
        var missing = await w.AckAsync("p1", "cmd-missing");
        Assert.That(missing.GetProperty("error").GetString(), Does.Contain("404"));
    }

    [Test]
    public async Task Malformed_unknown_and_oversized_commands_are_dropped_and_the_agent_keeps_working()
    {
        await using var rig = await AgentRig.StartAsync(400);
        var w = rig.Watcher;
        await w.SendAsync("p1", "this is not json");
        await w.SendAsync("p1", """{"commandId":"bad-1","type":"pause",""");
        await w.SendAsync("p1", """{"commandId":"bad-2","type":"dance"}""");
        await w.SendAsync("p1", """{"commandId":"bad-3","type":"pause","colour":"red"}""");
        await w.SendAsync("p1", """{"commandId":"bad-4","type":"start-job","jobId":3}""");
        await w.SendAsync("p1", """{"commandId":"bad-5","type":"gcode","line":"G28\nM112"}""");
        await w.SendAsync("p1", Encoding.UTF8.GetBytes($$"""{"commandId":"big-1","type":"gcode","line":"M105","pad":"{{new string('x', MqttJson.MaxPayloadBytes)}}"}"""));
        await w.SendAsync("p1", """{"type":"pause"}""");
        await w.SendAsync("p1", new CommandMessage("good-1", MessageTypes.Gcode, Line: "M117 still here"));

        var good = await w.AckAsync("p1", "good-1");
        string Error(string id) => w.Acks("p1", id).Single().GetProperty("error").GetString()!;
        await Watcher.Eventually(() => new[] { "bad-1", "bad-2", "bad-3", "bad-4", "bad-5", "big-1" }.All(id => w.Acks("p1", id).Count == 1), 10, "acks of the bad commands");
        Assert.Multiple(() =>
        {
            Assert.That(good.GetProperty("ok").GetBoolean(), Is.True, good.ToString());
            Assert.That(rig.BoardOf("p1").Executed, Does.Contain("M117 still here"));
            Assert.That(Error("bad-1"), Does.StartWith("malformed"));
            Assert.That(Error("bad-2"), Does.Contain("unknown command type \"dance\""));
            Assert.That(Error("bad-3"), Does.StartWith("malformed").And.Contain("colour"));
            Assert.That(Error("bad-4"), Does.Contain("url"));
            Assert.That(Error("bad-5"), Does.Contain("one line"));
            Assert.That(Error("big-1"), Does.Contain("limit"));
            Assert.That(w.Acks("p1", "bad-1").Concat(w.Acks("p1", "big-1")).Select(a => a.GetProperty("ok").GetBoolean()), Is.All.False);
            Assert.That(rig.BoardOf("p1").Executed, Does.Not.Contain("M112").And.Not.Contain("G28"));
            Assert.That(rig.Runner.IsOnline, Is.True);
        });
    }

    [Test]
    public async Task A_command_run_before_a_restart_of_the_agent_is_answered_again_but_not_run_again()
    {
        await using var rig = await AgentRig.StartAsync(400);
        var w = rig.Watcher;
        await w.SendAsync("p1", new CommandMessage("once-1", MessageTypes.Gcode, Line: "M117 once"));
        var first = await w.AckAsync("p1", "once-1");
        var firstSession = rig.Runner.Session;
        await rig.StopAgentAsync();
        await rig.StartAgentAsync();
        await w.SendAsync("p1", new CommandMessage("once-1", MessageTypes.Gcode, Line: "M117 once"));
        var second = await w.AckAsync("p1", "once-1", count: 2);
        await w.SendAsync("p1", new CommandMessage("once-2", MessageTypes.Gcode, Line: "M117 twice"));
        await w.AckAsync("p1", "once-2");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(second.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(rig.Runner.Session, Is.Not.EqualTo(firstSession), "a new run, a new session");
            Assert.That(rig.BoardOf("p1").Executed, Does.Not.Contain("M117 once"), "the restarted agent did not run it again");
            Assert.That(rig.BoardOf("p1").Executed, Does.Contain("M117 twice"));
            Assert.That(rig.AllBoards("p1").SelectMany(b => b.Executed).Count(c => c == "M117 once"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_print_goes_on_while_the_broker_restarts_and_its_events_arrive_afterwards_in_order_once_with_a_fresh_state()
    {
        await using var rig = await AgentRig.StartAsync(150);
        var w = rig.Watcher;
        await w.SendAsync("p1", AgentRig.StartJob("cmd-restart", 99));
        Assert.That((await w.AckAsync("p1", "cmd-restart")).GetProperty("ok").GetBoolean(), Is.True);
        await Watcher.Eventually(() => w.Events("p1").Count(e => e.GetProperty("type").GetString() == MessageTypes.Progress) >= 2, 20, "some progress");

        // The broker goes away mid-print (losing its sessions and retained messages) and comes back on the same port.
        // The test's subscriber is let in first, so that it sees everything the agent sends once it is back.
        await rig.Broker.StopAsync();
        var executedWhileDown = rig.BoardOf("p1").Executed.Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var executedAfterOutage = rig.BoardOf("p1").Executed.Count;
        var queuedDuringOutage = rig.Runner.Printer("p1").Outbox.Count;
        var stillPrinting = rig.Runner.Printer("p1").Session?.State == PrintFarm.Printing.Protocol.SessionState.Printing;
        rig.Broker.Admit = id => id == "watcher";
        await rig.Broker.StartAgainAsync();
        await w.ReconnectAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        rig.Broker.Admit = null;

        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.JobCompleted), 120, "job-completed after the outage");
        await Watcher.Eventually(() => rig.Runner.Printer("p1").Outbox.Count == 0, 10, "outbox empty");
        await using var late = await Watcher.ConnectAsync(rig.Broker.Port, "late-subscriber");
        await Watcher.Eventually(() => late.On(late.Topics.State("p1")).Count > 0 && late.On(late.Topics.Online(AgentRig.AgentId)).Count > 0, 10, "retained state on the new broker");
        await Watcher.Eventually(() => late.On(late.Topics.State("p1"))[^1].Json.GetProperty("status").GetString() == "ready", 15, "ready after the print");

        var events = w.Events("p1");
        // The coordinator drops a QoS 1 redelivery by session and seq; so does this check.
        var distinct = events.DistinctBy(e => (e.GetProperty("session").GetString(), e.GetProperty("seq").GetInt64())).ToList();
        var seqs = distinct.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        var types = distinct.Select(e => e.GetProperty("type").GetString()).ToList();
        var retained = late.On(late.Topics.State("p1"))[0];
        Assert.Multiple(() =>
        {
            Assert.That(executedAfterOutage, Is.GreaterThan(executedWhileDown), "the print went on while the broker was away");
            Assert.That(stillPrinting, Is.True, "the outage was mid-print");
            Assert.That(queuedDuringOutage, Is.GreaterThan(0), "events waited in the outbox");
            Assert.That(seqs, Is.EqualTo(Enumerable.Range(1, seqs.Count).Select(i => (long)i)), "every event, in order, no gap");
            Assert.That(events.Count - distinct.Count, Is.LessThanOrEqualTo(1), "at most the one in flight at the cut is delivered twice");
            Assert.That(types[0], Is.EqualTo(MessageTypes.JobStarted));
            Assert.That(types[^1], Is.EqualTo(MessageTypes.JobCompleted));
            Assert.That(types.Count(t => t == MessageTypes.JobCompleted), Is.EqualTo(1));
            Assert.That(retained.Retain, Is.True, "the new broker holds the agent's state");
            Assert.That(retained.Json.GetProperty("timestamp").GetDateTimeOffset(), Is.GreaterThan(restartedAt.AddSeconds(-1)), "published after the restart");
            Assert.That(late.On(late.Topics.Online(AgentRig.AgentId)).Single().Payload, Is.EqualTo("true"));
            Assert.That(IsSubsequence(AgentRig.FileCommands(), rig.BoardOf("p1").Executed), Is.True, "the whole file was printed");
        });
    }

    [Test]
    public async Task Stopping_the_agent_cancels_its_print_reports_it_and_says_offline()
    {
        await using var rig = await AgentRig.StartAsync(100);
        var w = rig.Watcher;
        await w.SendAsync("p1", AgentRig.StartJob("cmd-stop", 5));
        await w.AckAsync("p1", "cmd-stop");
        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.Progress), 20, "progress");
        await rig.StopAgentAsync();
        await Watcher.Eventually(() => w.Events("p1").Any(e => e.GetProperty("type").GetString() == MessageTypes.JobFailed), 5, "job-failed");
        // The offline notice is published after the failed job, on its own topic: it may reach the watcher a moment later.
        await Watcher.Eventually(() => w.On(w.Topics.Online(AgentRig.AgentId)) is { Count: > 0 } online && online[^1].Payload == "false", 5, "offline");
        var failed = w.Events("p1")[^1];
        Assert.Multiple(() =>
        {
            Assert.That(failed.GetProperty("reason").GetString(), Is.EqualTo(FailureReasons.AgentStopping));
            Assert.That(w.On(w.Topics.Online(AgentRig.AgentId))[^1].Payload, Is.EqualTo("false"));
            Assert.That(w.On(w.Topics.State("p1"))[^1].Json.GetProperty("status").GetString(), Is.EqualTo("disconnected"));
            Assert.That(File.Exists(Path.Combine(rig.DataDirectory, "outbox", "p1.jsonl")), Is.False, "everything was delivered");
        });
    }

    internal static bool IsSubsequence(IReadOnlyList<string> needle, IReadOnlyList<string> haystack)
    {
        var i = 0;
        foreach (var line in haystack)
        {
            if (i < needle.Count && line == needle[i])
                i++;
        }
        return i == needle.Count;
    }
}
