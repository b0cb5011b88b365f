namespace PrintFarm.Printing.Protocol;

/// <summary>A command on the priority lane, completed when the firmware acknowledges it.</summary>
internal sealed class ManualCommand(string text)
{
    public string Text { get; } = text;
    public long LineNumber { get; set; } = -1;
    public bool IsTemperatureQuery { get; init; }

    /// <summary><c>M110 N&lt;n&gt;</c> at its own line number n: brings the firmware's line count back to the host's.</summary>
    public bool ResetsLineNumber { get; init; }
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
