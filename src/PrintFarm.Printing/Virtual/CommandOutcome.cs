namespace PrintFarm.Printing.Virtual;

internal enum CommandOutcome
{
    /// <summary>Processed: answer ok and take it off the queue.</summary>
    Done,

    /// <summary>Cannot finish yet (planner full, or waiting for it to empty); the firmware blocks.</summary>
    Blocked,

    /// <summary>M112 reached through the queue: halt, no ok.</summary>
    EmergencyStop,
}
