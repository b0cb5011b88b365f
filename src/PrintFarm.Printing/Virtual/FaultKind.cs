namespace PrintFarm.Printing.Virtual;

/// <summary>The faults a <see cref="LineFaults"/> can inject, for counting.</summary>
public enum FaultKind
{
    DropOk,
    DropResend,
    DuplicateOk,
    Garbage,
    WaitWhenIdle,
    Autoreport,
    ResendAhead,
}
