namespace PrintFarm.Printing.Protocol;

/// <summary>A stream of G-code commands for one job, read one at a time.</summary>
public interface IJobSource
{
    /// <summary>The next command, comment-stripped and trimmed; valid until the next call. False at the end.</summary>
    bool TryReadCommand(out ReadOnlySpan<byte> command, out long sourceLine);

    /// <summary>Bytes of the source consumed so far (for progress).</summary>
    long SourceBytesRead { get; }

    /// <summary>Total bytes of the source, or -1 when unknown.</summary>
    long SourceLength { get; }
}
