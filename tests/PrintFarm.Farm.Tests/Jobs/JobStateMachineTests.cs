using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Tests.Jobs;

public sealed class JobStateMachineTests
{
    [TestCase(JobState.Queued, JobState.Assigned, true)]
    [TestCase(JobState.Queued, JobState.Printing, false)]
    [TestCase(JobState.Queued, JobState.Cancelled, true)]
    [TestCase(JobState.Queued, JobState.Completed, false)]
    [TestCase(JobState.Assigned, JobState.Printing, true)]
    [TestCase(JobState.Assigned, JobState.Queued, true)]
    [TestCase(JobState.Assigned, JobState.Completed, false)]
    [TestCase(JobState.Printing, JobState.Paused, true)]
    [TestCase(JobState.Paused, JobState.Printing, true)]
    [TestCase(JobState.Printing, JobState.Completed, true)]
    [TestCase(JobState.Paused, JobState.Completed, false)]
    [TestCase(JobState.Printing, JobState.Interrupted, true)]
    [TestCase(JobState.Interrupted, JobState.Printing, false)]
    [TestCase(JobState.Interrupted, JobState.Queued, true)]
    [TestCase(JobState.Completed, JobState.Queued, false)]
    [TestCase(JobState.Failed, JobState.Queued, false)]
    [TestCase(JobState.Cancelled, JobState.Queued, false)]
    public void CanMove_TableEntry_MatchesExpected(JobState from, JobState to, bool expected) =>
        Assert.That(JobStateMachine.CanMove(from, to), Is.EqualTo(expected));

    [TestCase(JobState.Completed, true)]
    [TestCase(JobState.Failed, true)]
    [TestCase(JobState.Cancelled, true)]
    [TestCase(JobState.Interrupted, false)]
    [TestCase(JobState.Queued, false)]
    public void IsFinal_State_MatchesExpected(JobState state, bool expected) =>
        Assert.That(JobStateMachine.IsFinal(state), Is.EqualTo(expected));

    [Test]
    public void EnsureCanMove_CompletedToPrinting_ThrowsValidation() =>
        Assert.Throws<FarmConflictException>(() => JobStateMachine.EnsureCanMove(7, JobState.Completed, JobState.Printing));
}
