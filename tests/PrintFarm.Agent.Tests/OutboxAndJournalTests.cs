using Microsoft.Extensions.Logging.Abstractions;
using PrintFarm.Wire;
namespace PrintFarm.Agent.Tests;

/// <summary>The agent's two files: the events not yet delivered, and the commands already run.</summary>
public sealed class OutboxAndJournalTests
{
    [Test]
    public void Events_get_the_runs_session_and_seq_from_1_and_leave_the_outbox_only_when_delivered()
    {
        var outbox = new EventOutbox("p1", "run-a", null, TimeProvider.System, NullLogger.Instance);
        var started = outbox.Add(MessageTypes.JobStarted, 1);
        var progress = outbox.Add(MessageTypes.Progress, 1, 0.1);
        Assert.That(outbox.TryTake(out var head), Is.True);
        outbox.Release();
        Assert.That(outbox.TryTake(out var again), Is.True);
        outbox.Delivered(again);
        Assert.That(outbox.TryTake(out var next), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That((started.Session, started.Seq, progress.Seq), Is.EqualTo(("run-a", 1L, 2L)));
            Assert.That(head, Is.SameAs(started));
            Assert.That(again, Is.SameAs(started), "a failed publish keeps its place");
            Assert.That(next, Is.SameAs(progress));
            Assert.That(outbox.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void While_a_backlog_waits_progress_reports_replace_each_other_and_keep_the_seq_without_gaps()
    {
        var outbox = new EventOutbox("p1", "run-a", null, TimeProvider.System, NullLogger.Instance);
        outbox.Add(MessageTypes.JobStarted, 1);
        for (var i = 1; i <= 100; i++)
            outbox.Add(MessageTypes.Progress, 1, i / 100.0);
        outbox.Add(MessageTypes.JobCompleted, 1, 1);
        var all = Drain(outbox);
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(e => e.Type), Is.EqualTo(new[] { MessageTypes.JobStarted, MessageTypes.Progress, MessageTypes.JobCompleted }));
            Assert.That(all.Select(e => e.Seq), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(all[1].Progress, Is.EqualTo(1.0), "the newest progress");
        });
    }

    [Test]
    public void Events_not_delivered_when_the_agent_stops_are_delivered_after_it_starts_again_under_their_old_session()
    {
        var dir = Directory.CreateTempSubdirectory("printfarm-outbox-").FullName;
        var path = Path.Combine(dir, "outbox", "p1.jsonl");
        var first = new EventOutbox("p1", "run-a", path, TimeProvider.System, NullLogger.Instance);
        first.Add(MessageTypes.JobStarted, 5);
        first.Add(MessageTypes.Progress, 5, 0.5);
        first.Add(MessageTypes.Progress, 5, 0.6);
        first.Add(MessageTypes.JobFailed, 5, reason: "agent stopping");
        first.TryTake(out var delivered);
        first.Delivered(delivered);
        File.AppendAllText(path, "{\"type\":\"job-comp"); // a line cut short by a crash

        var second = new EventOutbox("p1", "run-b", path, TimeProvider.System, NullLogger.Instance);
        var fresh = second.Add(MessageTypes.JobStarted, 6);
        var all = Drain(second);
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(e => (e.Session, e.Seq, e.Type)), Is.EqualTo(new[]
            {
                ("run-a", 2L, MessageTypes.Progress), ("run-a", 3L, MessageTypes.JobFailed), ("run-b", 1L, MessageTypes.JobStarted),
            }));
            Assert.That(all[0].Progress, Is.EqualTo(0.6));
            Assert.That(fresh.Seq, Is.EqualTo(1));
            Assert.That(File.Exists(path), Is.False, "an empty outbox leaves no file");
        });
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public async Task A_command_is_run_once_its_answer_is_kept_across_a_restart_and_one_cut_short_answers_interrupted()
    {
        var dir = Directory.CreateTempSubdirectory("printfarm-journal-").FullName;
        var path = Path.Combine(dir, "commands.json");
        var journal = CommandJournal.Open(path, NullLogger.Instance);
        Assert.That(journal.TryBegin("p1", "c1", out _), Is.True);
        Assert.That(journal.TryBegin("p1", "c1", out var pending), Is.False);
        Assert.That(pending.IsCompleted, Is.False, "a repeat while it runs waits for the answer");
        journal.Complete("p1", new AckMessage("c1", false, "sha256 mismatch"));
        Assert.That((await pending).Error, Is.EqualTo("sha256 mismatch"));
        Assert.That(journal.TryBegin("p1", "c2", out _), Is.True);
        Assert.That(journal.TryBegin("p2", "c1", out _), Is.True, "ids are per printer");

        var reopened = CommandJournal.Open(path, NullLogger.Instance);
        Assert.Multiple(async () =>
        {
            Assert.That(await reopened.Find("p1", "c1")!, Is.EqualTo(new AckMessage("c1", false, "sha256 mismatch")));
            Assert.That((await reopened.Find("p1", "c2")!).Error, Does.StartWith("interrupted"));
            Assert.That(reopened.Find("p1", "c3"), Is.Null);
        });
        for (var i = 0; i < CommandJournal.Capacity + 10; i++)
        {
            reopened.TryBegin("p3", $"n{i}", out _);
            reopened.Complete("p3", new AckMessage($"n{i}", true));
        }
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Find("p3", "n0"), Is.Null, "only the most recent ids are kept");
            Assert.That(reopened.Find("p3", $"n{CommandJournal.Capacity + 9}"), Is.Not.Null);
        });
        Directory.Delete(dir, recursive: true);
    }

    private static List<PrinterEventMessage> Drain(EventOutbox outbox)
    {
        var all = new List<PrinterEventMessage>();
        while (outbox.TryTake(out var message))
        {
            all.Add(message);
            outbox.Delivered(message);
        }
        return all;
    }
}
