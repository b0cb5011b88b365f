using System.Collections.Frozen;

namespace PrintFarm.Farm.Printers;

/// <summary>
/// The legal printer state changes. The only way into <see cref="PrinterState.Ready"/> is from
/// <see cref="PrinterState.NeedsBedClear"/>, by a bed-clear report: the bed-clear gate.
/// </summary>
public static class PrinterStateMachine
{
    private static readonly FrozenDictionary<PrinterState, PrinterState[]> Allowed = new Dictionary<PrinterState, PrinterState[]>
    {
        [PrinterState.Offline] = [PrinterState.NeedsBedClear, PrinterState.Error, PrinterState.Maintenance],
        [PrinterState.Ready] = [PrinterState.Printing, PrinterState.Offline, PrinterState.Error, PrinterState.Maintenance],
        [PrinterState.NeedsBedClear] = [PrinterState.Ready, PrinterState.Offline, PrinterState.Error, PrinterState.Maintenance],
        [PrinterState.Printing] = [PrinterState.Paused, PrinterState.NeedsBedClear, PrinterState.Error, PrinterState.Offline],
        [PrinterState.Paused] = [PrinterState.Printing, PrinterState.NeedsBedClear, PrinterState.Error, PrinterState.Offline],
        [PrinterState.Error] = [PrinterState.NeedsBedClear, PrinterState.Maintenance, PrinterState.Offline],
        [PrinterState.Maintenance] = [PrinterState.NeedsBedClear, PrinterState.Offline],
    }.ToFrozenDictionary();

    public static bool CanMove(PrinterState from, PrinterState to) => Allowed[from].Contains(to);

    /// <summary>Throws <see cref="FarmValidationException"/> when the table forbids the move.</summary>
    public static void EnsureCanMove(string printerId, PrinterState from, PrinterState to)
    {
        if (!CanMove(from, to))
            throw new FarmConflictException($"printer {printerId} cannot go from {from} to {to}");
    }
}
