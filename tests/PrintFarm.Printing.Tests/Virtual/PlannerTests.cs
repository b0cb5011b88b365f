using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class PlannerTests
{
    [Test]
    public void Blocks_RunBackToBack_WithoutUnderruns()
    {
        var stats = new VirtualPrinterStats();
        var planner = new Planner(4, stats);
        planner.Add(10, now: 100);
        planner.Add(20, now: 101);
        Assert.That(planner.NextCompletion, Is.EqualTo(110));
        planner.CompleteDue(110);
        Assert.That(planner.NextCompletion, Is.EqualTo(130));
        planner.CompleteDue(200);
        Assert.That(planner.IsEmpty, Is.True);
        Assert.That(stats.Underruns, Is.Zero);
    }

    [Test]
    public void EmptyGapBetweenBlocks_IsAnUnderrunAndCountsAsStarvation()
    {
        var stats = new VirtualPrinterStats();
        var planner = new Planner(4, stats);
        planner.Add(10, now: 0);
        planner.CompleteDue(10);
        planner.Add(10, now: 1_000_010);
        Assert.That(stats.Underruns, Is.EqualTo(1));
        Assert.That(stats.PlannerStarvation.Ticks, Is.GreaterThan(0));
    }

    [Test]
    public void GapAfterThePrintIsOver_IsNotStarvation()
    {
        var stats = new VirtualPrinterStats();
        var planner = new Planner(4, stats);
        planner.Add(10, now: 0);
        planner.MarkPrintOver();
        planner.CompleteDue(10);
        planner.Add(10, now: 5_000);
        planner.CompleteDue(5_010);
        planner.Add(10, now: 6_000);
        Assert.That(stats.Underruns, Is.EqualTo(1), "only the gap inside the second print counts");
    }

    [Test]
    public void Free_CountsTheExecutingBlock()
    {
        var planner = new Planner(3, new VirtualPrinterStats());
        planner.Add(10, now: 0);
        planner.Add(10, now: 0);
        Assert.That(planner.Free, Is.EqualTo(1));
        planner.Clear();
        Assert.That(planner.Free, Is.EqualTo(3));
    }
}
