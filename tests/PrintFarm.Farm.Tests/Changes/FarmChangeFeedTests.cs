using PrintFarm.Farm.Changes;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;

namespace PrintFarm.Farm.Tests.Changes;

/// <summary>
/// Every commit announces what it wrote, whoever made it: an operation of the farm's services or the scheduler's round.
/// A rollback announces nothing, and a failing subscriber never undoes a commit.
/// </summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class FarmChangeFeedTests(StoreKind kind) : FarmFixture(kind)
{
    private sealed class Recorder : IFarmChangeSink
    {
        public List<FarmChanges> Heard { get; } = [];

        public void Committed(FarmChanges changes)
        {
            lock (Heard)
                Heard.Add(changes);
        }
    }

    private sealed class Throwing : IFarmChangeSink
    {
        public void Committed(FarmChanges changes) => throw new InvalidOperationException("a broken subscriber");
    }

    [Test]
    public async Task A_scheduling_round_announces_the_jobs_it_assigned_their_printers_and_the_ledger_it_moved()
    {
        await AddDesignAsync(partsPerPlate: 2);
        await AddReadyPrinterAsync("p1");
        var demand = await DemandAsync(4);
        var recorder = new Recorder();
        Store.Changes.Subscribe(recorder);

        var (_, dispatch) = await Round.RunAsync();

        var job = recorder.Heard.SelectMany(c => c.Jobs).Last();
        Assert.Multiple(() =>
        {
            Assert.That(dispatch.Assignments, Has.Count.EqualTo(1));
            Assert.That(job.Id, Is.EqualTo(dispatch.Assignments[0].JobId), "the new job is announced with its id");
            Assert.That(job.State, Is.EqualTo(JobState.Assigned));
            Assert.That(job.PrinterId, Is.EqualTo("p1"));
            Assert.That(recorder.Heard.SelectMany(c => c.Printers).Last().CurrentJobId, Is.EqualTo(job.Id));
            Assert.That(recorder.Heard.SelectMany(c => c.LedgerDesigns), Does.Contain(demand.DesignId));
        });
    }

    [Test]
    public async Task Each_service_operation_announces_its_rows_as_stored()
    {
        var recorder = new Recorder();
        Store.Changes.Subscribe(recorder);
        var variant = await AddDesignAsync();
        await AddReadyPrinterAsync("p1");
        var demand = await DemandAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Heard.SelectMany(c => c.Designs).Select(d => d.Id), Does.Contain(variant.DesignId));
            Assert.That(recorder.Heard.SelectMany(c => c.Variants), Does.Contain(variant.Id));
            Assert.That(recorder.Heard.SelectMany(c => c.Printers).Where(p => p.Id == "p1").Select(p => p.State),
                Is.EqualTo(new[] { PrinterState.Offline, PrinterState.NeedsBedClear, PrinterState.Ready }), "one announcement per commit, in commit order");
            Assert.That(recorder.Heard.SelectMany(c => c.Demands).Single().Id, Is.EqualTo(demand.Id));
            Assert.That(recorder.Heard, Has.All.Matches<FarmChanges>(c => !c.IsEmpty));
        });
    }

    [Test]
    public async Task A_transaction_that_is_not_committed_announces_nothing()
    {
        var recorder = new Recorder();
        Store.Changes.Subscribe(recorder);
        await using (var transaction = await Store.BeginAsync())
            await transaction.InsertPrinterAsync(NewPrinter("ghost"));

        Assert.That(recorder.Heard, Is.Empty);
    }

    [Test]
    public async Task A_subscriber_that_throws_neither_fails_the_commit_nor_silences_the_others()
    {
        var recorder = new Recorder();
        var failures = new List<Exception>();
        Store.Changes.SinkFailed += (_, ex) => failures.Add(ex);
        Store.Changes.Subscribe(new Throwing());
        Store.Changes.Subscribe(recorder);

        var printer = await AddReadyPrinterAsync("p1");

        Assert.Multiple(() =>
        {
            Assert.That(printer.State, Is.EqualTo(PrinterState.Ready));
            Assert.That(recorder.Heard, Has.Count.EqualTo(3));
            Assert.That(failures, Has.Count.EqualTo(3));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_commit_that_finishes_first_is_announced_after_the_one_numbered_before_it_and_a_failed_commit_holds_nothing_up(CancellationToken cancellation)
    {
        var feed = new FarmChangeFeed();
        var recorder = new Recorder();
        feed.Subscribe(recorder);
        var first = new TaskCompletionSource();
        var failing = new TaskCompletionSource();
        var one = feed.CommitAsync(() => first.Task, Change("p1"));
        var two = feed.CommitAsync(() => failing.Task, Change("p2"));
        await feed.CommitAsync(() => Task.CompletedTask, Change("p3"));
        Assert.That(recorder.Heard, Is.Empty, "p3 waits for the commits numbered before it");

        failing.SetException(new IOException("disk full"));
        Assert.ThrowsAsync<IOException>(async () => await two);
        Assert.That(recorder.Heard, Is.Empty, "p1 is still committing");
        first.SetResult();
        await one.WaitAsync(cancellation);

        Assert.That(recorder.Heard.Select(c => c.Printers.Single().Id), Is.EqualTo(new[] { "p1", "p3" }));
    }

    private static FarmChanges Change(string printerId) => new([], [NewPrinter(printerId)], [], [], [], []);
}
