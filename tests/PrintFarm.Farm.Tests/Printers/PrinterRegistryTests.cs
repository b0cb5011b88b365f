using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Tests.Support;
namespace PrintFarm.Farm.Tests.Printers;

[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class PrinterRegistryTests(StoreKind kind) : FarmFixture(kind)
{
    [Test]
    public async Task RegisterAsync_NewPrinter_StartsOfflineWithAudit()
    {
        var printer = await Printers.RegisterAsync(NewPrinter("mk3-01", link: LinkKind.Agent), Staff);
        Assert.That(printer.State, Is.EqualTo(PrinterState.Offline));
        var stored = await PrinterAsync("mk3-01");
        Assert.That((stored.LinkKind, stored.LinkAddress, stored.Capabilities.BedXMm), Is.EqualTo((LinkKind.Agent, "agent-mk3-01", 220.0)));
        await using var transaction = await Store.BeginAsync();
        Assert.That((await transaction.ListAuditAsync("printer:mk3-01", 5)).Select(a => a.Action), Does.Contain("printer.registered"));
    }

    [Test]
    public async Task RegisterAsync_DuplicateId_RefusedAndNothingWritten()
    {
        await Printers.RegisterAsync(NewPrinter("mk3-01"), Staff);
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Printers.RegisterAsync(NewPrinter("mk3-01", site: "home"), Staff));
        Assert.That(ex!.Message, Does.Contain("registered already"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase(0.0)]
    [TestCase(-5.0)]
    [TestCase(1e9)]
    public async Task RegisterAsync_ImpossibleBed_Refused(double bed)
    {
        var before = await SnapshotAsync();
        Assert.ThrowsAsync<FarmValidationException>(() => Printers.RegisterAsync(NewPrinter("p", bed: bed), Staff));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SetStateAsync_UnknownPrinter_Refused() =>
        Assert.That(
            Assert.ThrowsAsync<FarmNotFoundException>(() => Printers.SetStateAsync("ghost", PrinterState.Maintenance, Staff))!.Message,
            Does.Contain("unknown printer ghost"));

    [Test]
    public async Task BedClearedAsync_FromOffline_ForbiddenAndNothingWritten()
    {
        await Printers.RegisterAsync(NewPrinter("p1"), Staff);
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmConflictException>(() => Printers.BedClearedAsync("p1", 0, Staff));
        Assert.That(ex!.Message, Does.Contain("Offline").And.Contain("Ready"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SetStateAsync_ReadyDirectly_Refused()
    {
        await Printers.RegisterAsync(NewPrinter("p1"), Staff);
        Assert.ThrowsAsync<FarmValidationException>(() => Printers.SetStateAsync("p1", PrinterState.Ready, Staff));
    }

    [Test]
    public async Task BedClearedAsync_GoodPartsWithoutCompletedPrint_Refused()
    {
        await Printers.RegisterAsync(NewPrinter("p1"), Staff);
        await Printers.SetStateAsync("p1", PrinterState.NeedsBedClear, Staff);
        Assert.ThrowsAsync<FarmValidationException>(() => Printers.BedClearedAsync("p1", 2, Staff));
        Assert.That((await PrinterAsync("p1")).State, Is.EqualTo(PrinterState.NeedsBedClear));
    }

    [Test]
    public async Task SetStateAsync_MaintenanceToReady_NeedsBedClearFirst()
    {
        await AddReadyPrinterAsync("p1");
        await Printers.SetStateAsync("p1", PrinterState.Maintenance, Staff, "nozzle swap");
        Assert.ThrowsAsync<FarmConflictException>(() => Printers.BedClearedAsync("p1", 0, Staff));
        await Printers.SetStateAsync("p1", PrinterState.NeedsBedClear, Staff);
        var ready = await Printers.BedClearedAsync("p1", 0, Staff);
        Assert.That(ready.State, Is.EqualTo(PrinterState.Ready));
    }

    [TestCase(null, "mk3-01")]
    [TestCase("  Prusa by the window ", "Prusa by the window")]
    public async Task RegisterAsync_Name_DefaultsToIdAndIsTrimmed(string? name, string expected)
    {
        var printer = await Printers.RegisterAsync(NewPrinter("mk3-01") with { Name = name ?? "" }, Staff);
        Assert.That(printer.Name, Is.EqualTo(expected));
        Assert.That((await PrinterAsync("mk3-01")).Name, Is.EqualTo(expected));
    }

    private static readonly object[] Updates =
    [
        new object[] { new PrinterUpdate { Name = "Window" }, "name p1 -> Window" },
        new object[] { new PrinterUpdate { BedXMm = 250, BedYMm = 210 }, "bed x 220 -> 250, bed y 220 -> 210" },
        new object[] { new PrinterUpdate { NozzleMm = 0.6 }, "nozzle 0.4 -> 0.6" },
        new object[] { new PrinterUpdate { Material = "PETG", Profile = "klipper" }, "material PLA -> PETG, profile marlin -> klipper" },
    ];

    [TestCaseSource(nameof(Updates))]
    public async Task UpdateAsync_ValidChange_StoredAndAudited(PrinterUpdate update, string details)
    {
        await AddReadyPrinterAsync("p1");

        var after = await Printers.UpdateAsync("p1", update, Staff);

        var stored = await PrinterAsync("p1");
        Assert.That(stored, Is.EqualTo(after));
        Assert.That(stored.Capabilities, Is.EqualTo(after.Capabilities));
        Assert.That(stored.State, Is.EqualTo(PrinterState.Ready));
        await using var transaction = await Store.BeginAsync();
        var entry = (await transaction.ListAuditAsync("printer:p1", 1)).Single();
        Assert.That((entry.Action, entry.Details, entry.Actor), Is.EqualTo(("printer.updated", details, Staff)));
    }

    private static readonly object[] BadUpdates =
    [
        new object[] { new PrinterUpdate(), "needs a name or a capability" },
        new object[] { new PrinterUpdate { Name = "  " }, "needs a name" },
        new object[] { new PrinterUpdate { Name = new string('x', 101) }, "needs a name" },
        new object[] { new PrinterUpdate { Name = "tab\there" }, "needs a name" },
        new object[] { new PrinterUpdate { BedXMm = 0 }, "impossible bed" },
        new object[] { new PrinterUpdate { BedYMm = 1e9 }, "impossible bed" },
        new object[] { new PrinterUpdate { NozzleMm = -0.4 }, "impossible bed or nozzle" },
        new object[] { new PrinterUpdate { Material = "" }, "needs a material" },
        new object[] { new PrinterUpdate { Profile = " " }, "needs a material and a firmware profile" },
    ];

    [TestCaseSource(nameof(BadUpdates))]
    public async Task UpdateAsync_BadChange_RefusedAndNothingWritten(PrinterUpdate update, string message)
    {
        await AddReadyPrinterAsync("p1");
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Printers.UpdateAsync("p1", update, Staff));
        Assert.That(ex!.Message, Does.Contain(message));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateAsync_UnknownPrinter_RefusedAndNothingWritten()
    {
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmNotFoundException>(() => Printers.UpdateAsync("ghost", new PrinterUpdate { Name = "x" }, Staff));
        Assert.That(ex!.Message, Does.Contain("unknown printer ghost"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateAsync_SameValues_WritesNothing()
    {
        await AddReadyPrinterAsync("p1");
        var before = await SnapshotAsync();
        var after = await Printers.UpdateAsync("p1", new PrinterUpdate { Name = "p1", Material = "PLA" }, Staff);
        Assert.That(after, Is.EqualTo(await PrinterAsync("p1")));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateAsync_WhilePrinting_JobGoesOnAndNextJobMatchesNewCapabilities()
    {
        await AddDesignAsync(partsPerPlate: 1);
        await AddReadyPrinterAsync("p1");
        await DemandAsync(2);
        var first = (await Round.RunAsync()).Dispatch.Assignments.Single();
        await Jobs.StartedAsync(first.JobId, "link");

        var updated = await Printers.UpdateAsync("p1", new PrinterUpdate { Material = "PETG" }, Staff);

        Assert.That((updated.State, updated.CurrentJobId), Is.EqualTo((PrinterState.Printing, (long?)first.JobId)));
        await Jobs.CompletedAsync(first.JobId, "link");
        await Printers.BedClearedAsync("p1", 1, "maker");
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Is.Empty, "the PLA plate no longer fits a PETG printer");
        await Printers.UpdateAsync("p1", new PrinterUpdate { Material = "pla" }, Staff);
        Assert.That((await Dispatcher.DispatchAsync()).Assignments, Has.Count.EqualTo(1));
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task BedClearedAsync_PlateReprintedElsewhere_CountsOnlyOnThePrinterThatCompletedIt()
    {
        await AddDesignAsync();
        await AddReadyPrinterAsync("x");
        await DemandAsync(1);
        await Round.RunAsync();
        var job = (await JobsAsync(JobState.Assigned)).Single();
        Assert.That(job.PrinterId, Is.EqualTo("x"));
        await Jobs.StartedAsync(job.Id, "printer:x");
        // x's link drops mid-print: the job is interrupted, x keeps the aborted plate on its bed.
        await Printers.SetStateAsync("x", PrinterState.Offline, "printer:x", "link lost");
        await Jobs.RequeueAsync(job.Id, Staff);
        await AddReadyPrinterAsync("y");
        await Round.RunAsync();
        Assert.That((await JobAsync(job.Id)).PrinterId, Is.EqualTo("y"));
        await Jobs.StartedAsync(job.Id, "printer:y");
        await Jobs.CompletedAsync(job.Id, "printer:y");

        await Printers.SetStateAsync("x", PrinterState.NeedsBedClear, "printer:x", "link up");
        Assert.That((await PrinterAsync("x")).BedJobId, Is.EqualTo(job.Id), "x's bed still names the job it aborted");
        await Printers.BedClearedAsync("x", 0, Staff);
        Assert.That((await JobAsync(job.Id)).GoodParts, Is.Null, "clearing x's aborted plate does not count y's print");
        Assert.ThrowsAsync<FarmConflictException>(() => Printers.BedClearedAsync("x", 1, Staff), "x is ready now; nothing to count");

        await Printers.BedClearedAsync("y", 1, Staff);
        Assert.Multiple(async () =>
        {
            Assert.That((await JobAsync(job.Id)).GoodParts, Is.EqualTo(1));
            Assert.That((await LedgerAsync()).Printed, Is.EqualTo(1));
        });
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task BedClearedAsync_CountNotGiven_EveryPartOfTheCompletedPlateIsGood()
    {
        await AddDesignAsync(partsPerPlate: 3);
        await AddReadyPrinterAsync("p1");
        await DemandAsync(3);
        var job = (await Round.RunAsync()).Dispatch.Assignments.Single();
        await Jobs.StartedAsync(job.JobId, "link");
        await Jobs.CompletedAsync(job.JobId, "link");

        var cleared = await Printers.BedClearedAsync("p1", null, Staff);

        Assert.Multiple(async () =>
        {
            Assert.That(cleared.State, Is.EqualTo(PrinterState.Ready));
            Assert.That((await JobAsync(job.JobId)).GoodParts, Is.EqualTo(3), "the plate's three parts");
            Assert.That((await LedgerAsync()).Printed, Is.EqualTo(3));
        });
        await AssertLedgerConsistentAsync();
    }

    [Test]
    public async Task BedClearedAsync_CountNotGiven_AnEmptyBedCountsNothing()
    {
        await Printers.RegisterAsync(NewPrinter("p1"), Staff);
        await Printers.SetStateAsync("p1", PrinterState.NeedsBedClear, "printer:p1", "link up");

        var cleared = await Printers.BedClearedAsync("p1", null, Staff);

        Assert.Multiple(async () =>
        {
            Assert.That(cleared.State, Is.EqualTo(PrinterState.Ready));
            Assert.That(cleared.TrackRecord.Parts, Is.Zero);
            Assert.That((await LedgerAsync()).Printed, Is.Zero);
        });
    }
}
