using System.Buffers;
using System.Text;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents.Broker;

/// <summary>The embedded broker's shortcut to the bridge: only agents' states and events, only while nobody else listens.</summary>
public sealed class AgentTrafficTapTests
{
    private static readonly Topics Topics = new();

    [Test]
    public void Nothing_is_taken_before_the_bridge_attaches()
    {
        var tap = new AgentTrafficTap(Topics);
        Assert.Multiple(() =>
        {
            Assert.That(tap.Takes(Topics.State("p1")), Is.False);
            Assert.That(tap.Deliver(Topics.State("p1"), new ReadOnlySequence<byte>("{}"u8.ToArray())), Is.False);
        });
    }

    [Test]
    public void States_and_events_go_to_the_bridge_and_other_topics_do_not()
    {
        var tap = new AgentTrafficTap(Topics);
        var got = new List<(string, string)>();
        tap.Attach("printfarm-coordinator-1", (topic, payload) => got.Add((topic, Encoding.UTF8.GetString(payload.ToArray()))));
        Assert.Multiple(() =>
        {
            Assert.That(tap.Takes(Topics.State("p1")), Is.True);
            Assert.That(tap.Takes(Topics.Events("p1")), Is.True);
            Assert.That(tap.Takes(Topics.Acks("p1")), Is.False);
            Assert.That(tap.Takes(Topics.GcodeRx("p1")), Is.False);
            Assert.That(tap.Takes(Topics.Online("agent-1")), Is.False);
            Assert.That(tap.Takes("elsewhere/printers/p1/state"), Is.False);
        });
        Assert.That(tap.Deliver(Topics.State("p1"), new ReadOnlySequence<byte>("{\"status\":\"ready\"}"u8.ToArray())), Is.True);
        Assert.That(got, Is.EqualTo(new[] { (Topics.State("p1"), "{\"status\":\"ready\"}") }));
        tap.Detach();
        Assert.That(tap.Takes(Topics.State("p1")), Is.False);
    }

    [Test]
    public void The_bridges_own_and_agents_exact_subscriptions_keep_the_shortcut()
    {
        var tap = new AgentTrafficTap(Topics);
        tap.Attach("printfarm-coordinator-1", (_, _) => { });
        tap.Subscribed("printfarm-coordinator-1", $"{Topics.Prefix}/printers/+/state");
        tap.Subscribed("printfarm-coordinator-1", $"{Topics.Prefix}/printers/+/events");
        tap.Subscribed("agent-1", Topics.Commands("p1"));
        tap.Subscribed("printfarm-coordinator-1-gcode", Topics.GcodeRx("p2"));
        Assert.Multiple(() =>
        {
            Assert.That(tap.OthersListen, Is.False);
            Assert.That(tap.Takes(Topics.State("p1")), Is.True);
        });
    }

    [TestCase("printfarm/v1/printers/+/state")]
    [TestCase("printfarm/v1/#")]
    [TestCase("#")]
    [TestCase("printfarm/v1/printers/p1/state")]
    [TestCase("printfarm/v1/printers/p1/events")]
    public void Anyone_else_listening_to_states_or_events_turns_it_off_for_good(string filter)
    {
        var tap = new AgentTrafficTap(Topics);
        tap.Attach("printfarm-coordinator-1", (_, _) => { });
        tap.Subscribed("observer", filter);
        Assert.Multiple(() =>
        {
            Assert.That(tap.OthersListen, Is.True);
            Assert.That(tap.Takes(Topics.State("p1")), Is.False);
            Assert.That(tap.Takes(Topics.Events("p1")), Is.False);
        });
        tap.Attach("printfarm-coordinator-1", (_, _) => { });
        Assert.That(tap.Takes(Topics.State("p1")), Is.False, "attaching again does not undo it");
    }
}
