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
        var ex = Assert.ThrowsAsync<FarmConflictException>(() => Jobs.CompletedAsync(job.Id, "link"));
        Assert.That(ex!.Message, Does.Contain("Assigned").And.Contain("Completed"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task StartedAsync_UnknownJob_Refused() =>
        Assert.That(Assert.ThrowsAsync<FarmNotFoundException>(() => Jobs.StartedAsync(999, "link"))!.Message, Does.Contain("unknown job 999"));

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

    [TestCase(LinkKind.Local, JobState.Queued, PrinterState.Offline, 0)]
    [TestCase(LinkKind.Agent, JobState.Printing, PrinterState.Printing, 1)]
    public async Task RecoverAsync_JobPrintingAtStart_RequeuesLocalJobsWithoutSpendingAnAttempt(
        LinkKind link, JobState expectedJob, PrinterState expectedPrinter, int expectedAttempts)
    {
        var job = await AssignedJobAsync(link);
        await Jobs.StartedAsync(job.Id, "link");

        var interrupted = await Recovery.RecoverAsync();

        var after = await JobAsync(job.Id);
        Assert.That((after.State, after.Attempts), Is.EqualTo((expectedJob, expectedAttempts)), "a coordinator restart is not a print failure");
        var printer = await PrinterAsync("p1");
        Assert.That((printer.State, printer.TrackRecord.JobsFailed), Is.EqualTo((expectedPrinter, 0)));
        Assert.That(interrupted, Has.Count.EqualTo(link == LinkKind.Local ? 1 : 0));
        Assert.That((await LedgerAsync()).Uncovered, Is.EqualTo(0), "the queued job still covers its parts");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task RecoverAsync_RestartedOnTheLastAttempt_StillQueuedAgain()
    {
        var job = await AssignedJobAsync();
        for (var attempt = 1; attempt < Options.MaxAttempts; attempt++)
        {
            await Jobs.StartedAsync(job.Id, "link");
            await Jobs.FailedAsync(job.Id, "thermal runaway", "link");
            await Printers.BedClearedAsync("p1", 0, "maker");
            await Dispatcher.DispatchAsync();
        }
        await Jobs.StartedAsync(job.Id, "link");
        Assert.That((await JobAsync(job.Id)).Attempts, Is.EqualTo(Options.MaxAttempts));

        await Recovery.RecoverAsync();

        var after = await JobAsync(job.Id);
        Assert.That((after.State, after.Attempts), Is.EqualTo((JobState.Queued, Options.MaxAttempts - 1)),
            "two firmware errors spent two attempts; the restart spent none");
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task FailedAsync_FirmwareError_SpendsAnAttemptAndCountsAgainstThePrinter()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");

        await Jobs.FailedAsync(job.Id, "Error:Thermal Runaway, system stopped! Heater_ID: 0", "link");

        var after = await JobAsync(job.Id);
        Assert.That((after.State, after.Attempts), Is.EqualTo((JobState.Queued, 1)));
        Assert.That((await PrinterAsync("p1")).TrackRecord.JobsFailed, Is.EqualTo(1));
    }

    [Test]
    public async Task BedClearedAsync_FailedPlateWithNoGoodPart_CountsAgainstThePrinter()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Jobs.CompletedAsync(job.Id, "link");

        await Printers.BedClearedAsync("p1", 0, "maker");

        var printer = await PrinterAsync("p1");
        Assert.That((printer.TrackRecord.JobsDone, printer.TrackRecord.JobsFailed, printer.TrackRecord.LastFailureAt), Is.EqualTo((1, 1, Time.GetUtcNow())));
        Assert.That((await LedgerAsync()).Uncovered, Is.GreaterThan(0), "the failed plate's parts are owed again");
    }

    [Test]
    public async Task RequeueAsync_InterruptedJob_QueuedAgainNotRestartedSilently()
    {
        var job = await AssignedJobAsync();
        await Jobs.StartedAsync(job.Id, "link");
        await Printers.SetStateAsync("p1", PrinterState.Offline, "link", "USB cable pulled");
        Assert.That((await JobAsync(job.Id)).State, Is.EqualTo(JobState.Interrupted));
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty);

        await Jobs.RequeueAsync(job.Id, Staff);

        var requeued = await JobAsync(job.Id);
        Assert.That((requeued.State, requeued.Attempts), Is.EqualTo((JobState.Queued, 1)));
        await AssertLedgerConsistentAsync();
    }
}
