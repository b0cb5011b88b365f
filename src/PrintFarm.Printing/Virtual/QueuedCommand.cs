namespace PrintFarm.Printing.Virtual;

/// <summary>One command in the firmware's queue: its text (without framing), its code, and its N as written.</summary>
internal sealed record QueuedCommand(string Text, string Code, string? LineNumberText);
