using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Tests.Printers;

public sealed class PrinterStateMachineTests
{
    [TestCase(PrinterState.Offline, PrinterState.NeedsBedClear, true)]
    [TestCase(PrinterState.Offline, PrinterState.Ready, false)]
    [TestCase(PrinterState.Offline, PrinterState.Printing, false)]
    [TestCase(PrinterState.Offline, PrinterState.Maintenance, true)]
    [TestCase(PrinterState.NeedsBedClear, PrinterState.Ready, true)]
    [TestCase(PrinterState.NeedsBedClear, PrinterState.Printing, false)]
    [TestCase(PrinterState.Ready, PrinterState.Printing, true)]
    [TestCase(PrinterState.Ready, PrinterState.NeedsBedClear, false)]
    [TestCase(PrinterState.Ready, PrinterState.Paused, false)]
    [TestCase(PrinterState.Printing, PrinterState.Paused, true)]
    [TestCase(PrinterState.Printing, PrinterState.NeedsBedClear, true)]
    [TestCase(PrinterState.Printing, PrinterState.Ready, false)]
    [TestCase(PrinterState.Printing, PrinterState.Maintenance, false)]
    [TestCase(PrinterState.Paused, PrinterState.Printing, true)]
    [TestCase(PrinterState.Paused, PrinterState.Ready, false)]
    [TestCase(PrinterState.Error, PrinterState.Ready, false)]
    [TestCase(PrinterState.Error, PrinterState.NeedsBedClear, true)]
    [TestCase(PrinterState.Maintenance, PrinterState.Ready, false)]
    [TestCase(PrinterState.Maintenance, PrinterState.NeedsBedClear, true)]
    [TestCase(PrinterState.Maintenance, PrinterState.Printing, false)]
    public void CanMove_TableEntry_MatchesExpected(PrinterState from, PrinterState to, bool expected) =>
        Assert.That(PrinterStateMachine.CanMove(from, to), Is.EqualTo(expected));

    [Test]
    public void CanMove_AnyStateIntoReady_OnlyFromNeedsBedClear()
    {
        var sources = Enum.GetValues<PrinterState>().Where(s => PrinterStateMachine.CanMove(s, PrinterState.Ready));
        Assert.That(sources, Is.EqualTo(new[] { PrinterState.NeedsBedClear }));
    }

    [Test]
    public void EnsureCanMove_ForbiddenMove_ThrowsValidationNamingBothStates()
    {
        var ex = Assert.Throws<FarmConflictException>(() => PrinterStateMachine.EnsureCanMove("p1", PrinterState.Offline, PrinterState.Printing));
        Assert.That(ex!.Message, Does.Contain("Offline").And.Contain("Printing").And.Contain("p1"));
    }
}
