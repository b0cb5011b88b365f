namespace PrintFarm.Printing.Protocol;

/// <summary>A snapshot of a job's progress, in lines, bytes and per cent.</summary>
public sealed record JobProgress(
    long LinesSent,
    long LinesAcknowledged,
    long BytesSent,
    long SourceBytesRead,
    long SourceLength,
    long Resends,
    long Errors,
    TimeSpan Elapsed)
{
    public static readonly JobProgress Empty = new(0, 0, 0, 0, -1, 0, 0, TimeSpan.Zero);

    /// <summary>0 to 1, by the share of the source consumed; 1 once complete.</summary>
    public double Fraction => SourceLength > 0 ? Math.Clamp((double)SourceBytesRead / SourceLength, 0, 1) : 0;
}
