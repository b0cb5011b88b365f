using Microsoft.Extensions.Time.Testing;
using PrintFarm.Printing.Connection;

namespace PrintFarm.Printing.Tests.Connection;

/// <summary>
/// The one reconnect loop the coordinator's printers and the agent's share: back-off while a port cannot be opened,
/// and a growing wait while a link connects and drops at once, both capped by the same setting.
/// </summary>
public sealed class LinkLoopTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(8);

    [TestCase(0, 1, 1)]
    [TestCase(1, 1, 2)]
    [TestCase(4, 29, 8)]
    [TestCase(8, 0, 8)]
    [TestCase(8, 30, 0)]
    [TestCase(0, 3600, 0)]
    public void The_wait_after_a_short_connection_doubles_up_to_the_cap_and_a_long_one_resets_it(double previous, double connectedFor, double expected) =>
        Assert.That(LinkLoop.NextFlapWait(TimeSpan.FromSeconds(previous), TimeSpan.FromSeconds(connectedFor), Cap).TotalSeconds, Is.EqualTo(expected));

    [Test]
    [CancelAfter(20_000)]
    public async Task A_link_that_drops_at_once_is_opened_again_after_1_2_4_8_8_seconds(CancellationToken cancellation)
    {
        var time = new FakeTimeProvider();
        var attempts = await RunAsync(time, _ => Task.CompletedTask, count: 6, cancellation);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        double[] expected = [1, 2, 4, 8, 8];
        // Fake time moves in 100 ms steps while the loop runs on real threads: an attempt may be seen one step late.
        Assert.That(gaps.Select((gap, i) => gap - expected[i]), Has.All.InRange(-0.05, 0.35), string.Join(", ", gaps));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task With_jitter_each_flap_wait_moves_at_most_that_share_either_way(CancellationToken cancellation)
    {
        var time = new FakeTimeProvider();
        var attempts = await RunAsync(time, _ => Task.CompletedTask, count: 6, cancellation, flapJitter: 0.25);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        double[] expected = [1, 2, 4, 8, 8];
        Assert.That(gaps.Select((gap, i) => gap / expected[i]), Has.All.InRange(0.75 - 0.01, 1.25 + 0.35), string.Join(", ", gaps));
    }

    [TestCase(-0.1)]
    [TestCase(0.6)]
    public void A_jitter_outside_0_to_half_is_refused(double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LinkLoop(TimeProvider.System, Cap, (_, _, _) => { }, _ => { }, jitter));

    [Test]
    [CancelAfter(20_000)]
    public async Task A_port_that_cannot_be_opened_is_tried_again_never_in_a_tight_loop_and_never_slower_than_the_cap(CancellationToken cancellation)
    {
        var time = new FakeTimeProvider();
        var attempts = await RunAsync(time, _ => throw new IOException("no such port"), count: 10, cancellation);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(gaps, Has.All.GreaterThanOrEqualTo(0.1), "never a tight loop");
            Assert.That(gaps, Has.All.LessThanOrEqualTo(Cap.TotalSeconds + 0.2), "never longer than the cap");
            Assert.That(gaps.Skip(5).Average(), Is.GreaterThan(gaps.Take(2).Average()), "the waits grow");
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Cancelling_ends_the_loop_even_in_the_middle_of_a_wait(CancellationToken cancellation)
    {
        var time = new FakeTimeProvider();
        var loop = new LinkLoop(time, Cap, (_, _, _) => { }, _ => { });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var run = loop.RunAsync(_ => Task.CompletedTask, stop.Token);
        await Task.Delay(50, cancellation);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), cancellation);
        Assert.That(run.IsCompletedSuccessfully, Is.True);
    }

    /// <summary>Runs the loop on fake time, advancing it 100 ms at a time, until <paramref name="count"/> attempts were made.</summary>
    private static async Task<List<TimeSpan>> RunAsync(FakeTimeProvider time, Func<CancellationToken, Task> attempt, int count, CancellationToken cancellation, double flapJitter = 0)
    {
        var start = time.GetTimestamp();
        var attempts = new List<TimeSpan>();
        var loop = new LinkLoop(time, Cap, (_, _, _) => { }, _ => { }, flapJitter);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var run = loop.RunAsync(ct =>
        {
            lock (attempts)
                attempts.Add(time.GetElapsedTime(start));
            return attempt(ct);
        }, stop.Token);
        while (true)
        {
            lock (attempts)
            {
                if (attempts.Count >= count)
                    break;
            }
            // Let the loop reach its next wait before time moves on.
            await Task.Delay(2, cancellation);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), cancellation);
        lock (attempts)
            return attempts.Take(count).ToList();
    }
}
