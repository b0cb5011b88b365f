using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PrintFarm.Coordinator.Events;
namespace PrintFarm.Coordinator.Tests.Events;

/// <summary>The hub's ring, each stream's read position, resuming, resets and filters, without HTTP.</summary>
public sealed class EventHubTests
{
    private static EventHub Hub() => new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static List<FarmEvent> Drain(EventHub.Subscription s)
    {
        var taken = new List<FarmEvent>();
        s.Drain(taken.Add);
        return taken;
    }

    private static void PublishMany(EventHub hub, int count, string printerId = "p1")
    {
        for (var i = 0; i < count; i++)
            hub.Publish("progress", new { n = i }, printerId);
    }

    [Test]
    public void An_event_is_framed_once_as_server_sent_events_frame_it()
    {
        var hub = Hub();
        using var s = hub.Subscribe(null, null, null);
        hub.Publish("printer", new { State = "needs-bed-clear" }, "anna-mk3s", 42);
        var e = Drain(s).Single();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(e.Frame.Span), Is.EqualTo("id: 1\nevent: printer\ndata: {\"state\":\"needs-bed-clear\"}\n\n"));
            Assert.That(Encoding.UTF8.GetString(e.Json.Span), Is.EqualTo("{\"state\":\"needs-bed-clear\"}"));
            Assert.That((e.Id, e.Type, e.PrinterId, e.JobId), Is.EqualTo((1L, "printer", "anna-mk3s", (long?)42)));
        });
    }

    [TestCase(null, new long[] { 4, 5 })]
    [TestCase(3L, new long[] { 4, 5 })]
    [TestCase(1L, new long[] { 2, 3, 4, 5 })]
    [TestCase(0L, new long[] { 1, 2, 3, 4, 5 })]
    [TestCase(-7L, new long[] { 4, 5 })]
    [TestCase(99L, new long[] { 4, 5 })]
    public void A_stream_starts_after_its_last_event_id_or_with_the_next_event(long? lastEventId, long[] expected)
    {
        var hub = Hub();
        PublishMany(hub, 3);
        using var s = hub.Subscribe(null, null, lastEventId);
        PublishMany(hub, 2);
        Assert.That(Drain(s).Select(e => e.Id), Is.EqualTo(expected));
        Assert.That(Drain(s), Is.Empty, "taken once");
    }

    [Test]
    public void Resuming_from_an_id_no_longer_kept_gives_one_reset_then_the_new_events()
    {
        var hub = Hub();
        PublishMany(hub, EventHub.Capacity + 10);
        using var s = hub.Subscribe(null, null, 5);
        var first = Drain(s);
        Assert.That(first.Select(e => e.Type), Is.EqualTo(new[] { "reset" }));
        Assert.That(first[0].Id, Is.EqualTo(hub.LastId), "the client resumes from the newest id after it re-read the lists");
        hub.Publish("ledger", new { designId = "shield" });
        Assert.That(Drain(s).Select(e => (e.Id, e.Type)), Is.EqualTo(new[] { ((long)EventHub.Capacity + 11, "ledger") }));
    }

    [Test]
    public void A_stream_that_falls_a_whole_ring_behind_is_reset_and_stays_open()
    {
        var hub = Hub();
        using var slow = hub.Subscribe(null, null, null);
        using var quick = hub.Subscribe(null, null, null);
        PublishMany(hub, 100);
        Assert.That(Drain(quick), Has.Count.EqualTo(100));
        PublishMany(hub, EventHub.Capacity);
        Assert.That(Drain(quick), Has.Count.EqualTo(EventHub.Capacity), "a stream that keeps up loses nothing");
        Assert.That(Drain(slow).Select(e => e.Type), Is.EqualTo(new[] { "reset" }));
        Assert.That(hub.Subscribers, Is.EqualTo(2));
        PublishMany(hub, 1);
        Assert.That(Drain(slow).Select(e => e.Id), Is.EqualTo(new[] { hub.LastId }));
    }

    [Test]
    public void Filters_by_printer_by_job_and_by_what_a_maker_may_see()
    {
        var hub = Hub();
        using var byPrinter = hub.Subscribe("p2", null, null);
        using var byJob = hub.Subscribe(null, 7, null);
        using var maker = hub.Subscribe(null, null, null, e => e.PrinterId is null ? e.Type == "ledger" : e.PrinterId == "p1");
        hub.Publish("progress", new { }, "p1", 7);
        hub.Publish("progress", new { }, "p2", 8);
        hub.Publish("job", new { }, "p2", 7);
        hub.Publish("ledger", new { });
        hub.Publish("demand", new { });
        Assert.Multiple(() =>
        {
            Assert.That(Drain(byPrinter).Select(e => e.Id), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(Drain(byJob).Select(e => e.Id), Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(Drain(maker).Select(e => e.Id), Is.EqualTo(new long[] { 1, 4 }));
        });
        Assert.That(byPrinter.Position, Is.EqualTo(5), "filtered-out events are passed over too");
    }

    [Test]
    public async Task Waiting_ends_with_the_next_event_or_false_after_the_timeout()
    {
        var hub = Hub();
        var time = new FakeTimeProvider();
        using var s = hub.Subscribe(null, null, null);
        var quiet = s.WaitAsync(TimeSpan.FromSeconds(15), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(16));
        Assert.That(await quiet, Is.False);

        var waiting = s.WaitAsync(TimeSpan.FromSeconds(15), time, CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);
        hub.Publish("ledger", new { });
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await s.WaitAsync(TimeSpan.FromSeconds(15), time, CancellationToken.None), Is.True, "an event not yet taken ends the wait at once");
    }

    [Test]
    public void Streams_are_counted_while_open()
    {
        var hub = Hub();
        var a = hub.Subscribe(null, null, null);
        var b = hub.Subscribe(null, null, null);
        Assert.That(hub.Subscribers, Is.EqualTo(2));
        a.Dispose();
        a.Dispose();
        Assert.That(hub.Subscribers, Is.EqualTo(1));
        b.Dispose();
        Assert.That(hub.Subscribers, Is.EqualTo(0));
    }

    [Test]
    public async Task Publishers_on_many_threads_give_every_stream_every_id_once_in_order()
    {
        var hub = Hub();
        using var s = hub.Subscribe(null, null, null);
        var seen = new List<long>();
        var publishers = Enumerable.Range(0, 4).Select(t => Task.Run(() => PublishMany(hub, 2000, $"p{t}"))).ToArray();
        while (!publishers.All(p => p.IsCompleted) || s.Position < hub.LastId)
            s.Drain(e => seen.Add(e.Id));
        await Task.WhenAll(publishers);
        Assert.That(seen, Is.EqualTo(Enumerable.Range(1, 8000).Select(i => (long)i)));
    }
}
