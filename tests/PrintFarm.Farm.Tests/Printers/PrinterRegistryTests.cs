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
            Assert.ThrowsAsync<FarmValidationException>(() => Printers.SetStateAsync("ghost", PrinterState.Maintenance, Staff))!.Message,
            Does.Contain("unknown printer ghost"));

    [Test]
    public async Task BedClearedAsync_FromOffline_ForbiddenAndNothingWritten()
    {
        await Printers.RegisterAsync(NewPrinter("p1"), Staff);
        var before = await SnapshotAsync();
        var ex = Assert.ThrowsAsync<FarmValidationException>(() => Printers.BedClearedAsync("p1", 0, Staff));
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
        Assert.ThrowsAsync<FarmValidationException>(() => Printers.BedClearedAsync("p1", 0, Staff));
        await Printers.SetStateAsync("p1", PrinterState.NeedsBedClear, Staff);
        var ready = await Printers.BedClearedAsync("p1", 0, Staff);
        Assert.That(ready.State, Is.EqualTo(PrinterState.Ready));
    }
}
