using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Tests.Demand;

public sealed class LedgerStagesTests
{
    private static Job JobIn(JobState state, int? good = null) =>
        new() { DesignId = "d", VariantId = "d/v", Requester = "r", Node = "n", Parts = 4, State = state, GoodParts = good };

    [TestCase(JobState.Queued, null, 4, 0, 0)]
    [TestCase(JobState.Assigned, null, 4, 0, 0)]
    [TestCase(JobState.Printing, null, 0, 4, 0)]
    [TestCase(JobState.Paused, null, 0, 4, 0)]
    [TestCase(JobState.Interrupted, null, 0, 4, 0)]
    [TestCase(JobState.Completed, null, 0, 4, 0)]
    [TestCase(JobState.Completed, 3, 0, 0, 3)]
    [TestCase(JobState.Failed, null, 0, 0, 0)]
    [TestCase(JobState.Cancelled, null, 0, 0, 0)]
    public void ForJob_State_PutsPartsInStage(JobState state, int? good, long planned, long printing, long printed)
    {
        var counts = LedgerStages.ForJob(JobIn(state, good));
        Assert.That((counts.Planned, counts.Printing, counts.Printed), Is.EqualTo((planned, printing, printed)));
    }

    [Test]
    public void Uncovered_RejectedParts_ReopenDemand()
    {
        var counts = new LedgerCounts { Requested = 10, Printed = 4, Passed = 3, Rejected = 3 };
        Assert.That(counts.Uncovered, Is.EqualTo(3));
    }

    [Test]
    public void Stock_CoveredBeyondRequested_IsTheExcess()
    {
        var counts = new LedgerCounts { Requested = 5, Planned = 8 };
        Assert.That((counts.Stock, counts.Uncovered), Is.EqualTo((3L, -3L)));
    }

    [Test]
    public void Delta_MovementFromPassedToDelivered_MovesCount()
    {
        var movement = new PartMovement
        {
            Kind = MovementKind.Deliver, Key = new LedgerKey("d", "r", "n"), From = LedgerStage.Passed, To = LedgerStage.Delivered, Count = 5, Actor = "a",
        };
        Assert.That(movement.Delta, Is.EqualTo(new LedgerCounts { Passed = -5, Delivered = 5 }));
    }

    [TestCase(LedgerStage.Printed, null, -3, 0)]
    [TestCase(null, LedgerStage.Printed, 0, 3)]
    public void Delta_AllocationHalves_TakeFromOneLineAndAddToTheOther(LedgerStage? from, LedgerStage? to, int printedFrom, int printedTo)
    {
        var movement = new PartMovement { Kind = MovementKind.Allocate, Key = new LedgerKey("d", "r", "n"), From = from, To = to, Count = 3, Actor = "a" };
        Assert.That(movement.Delta, Is.EqualTo(new LedgerCounts { Printed = printedFrom + printedTo }));
    }
}
