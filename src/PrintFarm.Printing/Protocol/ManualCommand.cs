namespace PrintFarm.Printing.Protocol;

/// <summary>A command on the priority lane, completed when the firmware acknowledges it.</summary>
internal sealed class ManualCommand(string text)
{
    public string Text { get; } = text;
    public long LineNumber { get; set; } = -1;
    public bool IsTemperatureQuery { get; init; }
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
