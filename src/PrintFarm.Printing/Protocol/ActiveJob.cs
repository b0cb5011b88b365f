namespace PrintFarm.Printing.Protocol;

/// <summary>The job the session is streaming, and its counters.</summary>
internal sealed class ActiveJob(IJobSource source, long startTimestamp)
{
    public IJobSource Source { get; } = source;
    public long StartTimestamp { get; } = startTimestamp;
    public TaskCompletionSource<JobResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public bool SourceDone { get; set; }
    public long LastJobLine { get; set; } = -1;
    public long LinesSent { get; set; }
    public long LinesAcknowledged { get; set; }
    public long BytesSent { get; set; }
    public long Resends { get; set; }
    public long Errors { get; set; }
}
