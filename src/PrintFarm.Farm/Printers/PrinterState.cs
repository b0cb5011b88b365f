namespace PrintFarm.Farm.Printers;

/// <summary>A printer's live state. Moves only through <see cref="PrinterStateMachine"/>.</summary>
public enum PrinterState
{
    Offline,
    Ready,
    NeedsBedClear,
    Printing,
    Paused,
    Error,
    Maintenance,
}
