namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Reads a G-code file once, streaming, and reports its statistics and slicer metadata
/// (<see cref="GcodeAnalysis"/>). Bad input throws <see cref="GcodeFileException"/>.
/// </summary>
public static class GcodeAnalyzer
{
    private const long CancellationCheckMask = 0xFFFF;

    /// <summary>Analyzes a file on disk, plain or gzip-compressed.</summary>
    public static GcodeAnalysis Analyze(string path, CancellationToken cancellationToken = default)
    {
        using var reader = GcodeReader.Open(path);
        return Analyze(reader, cancellationToken);
    }

    /// <summary>Analyzes a stream, plain or gzip-compressed; the stream is left open.</summary>
    public static GcodeAnalysis Analyze(Stream stream, string name = "stream", CancellationToken cancellationToken = default)
    {
        using var reader = new GcodeReader(stream, name, leaveOpen: true);
        return Analyze(reader, cancellationToken);
    }

    /// <summary>Analyzes the lines <paramref name="reader"/> has not returned yet.</summary>
    public static GcodeAnalysis Analyze(GcodeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var builder = new GcodeAnalysisBuilder();
        while (reader.TryReadLine(out var line, out var sourceLine))
        {
            builder.AddLine(line, sourceLine);
            if ((sourceLine & CancellationCheckMask) == 0)
                cancellationToken.ThrowIfCancellationRequested();
        }
        return builder.Build(reader.BytesRead);
    }
}
