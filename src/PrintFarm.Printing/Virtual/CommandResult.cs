namespace PrintFarm.Printing.Virtual;

/// <summary>What processing a command at the head of the queue came to.</summary>
internal readonly record struct CommandResult(CommandOutcome Outcome, string? OkLine = null)
{
    public static readonly CommandResult Done = new(CommandOutcome.Done);
    public static readonly CommandResult Blocked = new(CommandOutcome.Blocked);
    public static readonly CommandResult EmergencyStop = new(CommandOutcome.EmergencyStop);

    /// <summary>Done, and the ok line carries a report (M105) instead of the usual ok.</summary>
    public static CommandResult DoneWithOk(string okLine) => new(CommandOutcome.Done, okLine);
}
