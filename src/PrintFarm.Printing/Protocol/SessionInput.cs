namespace PrintFarm.Printing.Protocol;

/// <summary>Everything the session loop reacts to, handed over through one channel.</summary>
internal enum SessionInputKind
{
    Line,
    LinkLost,
    Tick,
    StallCheck,
    Manual,
    StartJob,
    Pause,
    Resume,
    Cancel,
}

/// <summary>One input to the session loop. A struct, so that the many reply lines cost no allocation beyond their text.</summary>
internal readonly record struct SessionInput(SessionInputKind Kind, string? Text = null, object? Payload = null);
