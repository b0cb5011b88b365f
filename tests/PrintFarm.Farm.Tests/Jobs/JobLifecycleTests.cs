using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;

namespace PrintFarm.Farm.Tests.Jobs;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class JobLifecycleTests(StoreKind kind) : FarmFixture(kind)
{
    private async Task<Job> AssignedJobAsync(LinkKind link = LinkKind.Local)
    {
        await AddDesignAsync(partsPerPlate: 4);
        await AddReadyPrinterAsync(NewPrinter("p1", link: link));
        await DemandAsync(4);
        await Round.RunAsync();
        return (await JobsAsync(JobState.Assigned)).Single();
    }

    [Test]
    public async Task CompletedAsync_PrintingJob_LeavesPrinterInNeedsBedClear()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");

        var printer = await PrinterAsync("p1");
        Assert.That((printer.State, printer.CurrentJobId, printer.BedJobId), Is.EqualTo((PrinterState.NeedsBedClear, (long?)null, (long?)job.Id)));
        Assert.That((await LedgerAsync()).Printing, Is.EqualTo(4), "parts on an uncleared bed are still printing");
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty);
    }

    [Test]
    public async Task BedClearedAsync_WithGoodParts_MakesPrinterReadyAndCountsPrinted()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");
        var printer = await Printers.BedClearedAsync("p1", 3, "maker:joan");

        Assert.That(printer.State, Is.EqualTo(PrinterState.Ready));
        Assert.That(printer.TrackRecord, Is.EqualTo(new TrackRecord { JobsDone = 1, Parts = 3 }));
        Assert.That((await JobAsync(job.Id)).GoodParts, Is.EqualTo(3));
        var ledger = await LedgerAsync();
        Assert.That((ledger.Printing, ledger.Printed, ledger.Uncovered), Is.EqualTo((0L, 3L, 1L)));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task BedClearedAsync_MoreGoodPartsThanPlate_RefusedAndNothingWritten()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");
        var before = await SnapshotAsync();
        Assert.ThrowsAsync<FarmValidationException>(() => Printers.BedClearedAsync("p1", 5, "maker"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CompletedAsync_QueuedJob_ForbiddenAndNothingWritten()
    {
        var job = await AssignedJobAsync();
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Jobs.CompletedAsync(job.Id, "link"));
        Assert.That(ex!.Message, Does.Contain("Assigned").And.Contain("Completed"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task StartedAsync_UnknownJob_Refused() =>
        Assert.That(Assert.ThrowsAsync<FarmValidationException>(() => Jobs.StartedAsync(999, "link"))!.Message, Does.Contain("unknown job 999"));

    [Test]
    public async Task PausedAndResumed_PrintingJob_MovesPrinterAlongAndRecordsEvents()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.PausedAsync(job.Id, "staff");
        Assert.That((await PrinterAsync("p1")).State, Is.EqualTo(PrinterState.Paused));
        await Jobs.ResumedAsync(job.Id, "staff");
        Assert.That((await PrinterAsync("p1")).State, Is.EqualTo(PrinterState.Printing));
        await using var transaction = await Store.BeginAsync();
        var events = (await transaction.ListAuditAsync($"job:{job.Id}", 10)).Select(a => a.Action).Reverse();
        Assert.That(events, Is.EqualTo(new[] { "job.queued", "job.assigned", "job.printing", "job.paused", "job.printing" }));
    }

    [TestCase(LinkKind.Local, JobState.Interrupted, PrinterState.Offline)]
    [TestCase(LinkKind.Agent, JobState.Printing, PrinterState.Printing)]
    public async Task RecoverAsync_JobPrintingAtStart_InterruptsOnlyLocalLinks(LinkKind link, JobState expectedJob, PrinterState expectedPrinter)
    {
        var job = await AssignedJobAsync(link);
        await Jobs.StartedAsync(job.Id, "link");

        var interrupted = await Recovery.RecoverAsync();

        Assert.That((await JobAsync(job.Id)).State, Is.EqualTo(expectedJob));
        Assert.That((await PrinterAsync("p1")).State, Is.EqualTo(expectedPrinter));
        Assert.That(interrupted, Has.Count.EqualTo(expectedJob == JobState.Interrupted ? 1 : 0));
        Assert.That((await LedgerAsync()).Uncovered, Is.EqualTo(0), "an interrupted job still covers its parts until staff decide");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RequeueAsync_InterruptedJob_QueuedAgainNotRestartedSilently()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Recovery.RecoverAsync();
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty);

        await Jobs.RequeueAsync(job.Id, Staff);

        var requeued = await JobAsync(job.Id);
        Assert.That((requeued.State, requeued.Attempts), Is.EqualTo((JobState.Queued, 1)));
        await AssertLedgerConsistentAsync();
    }
}
