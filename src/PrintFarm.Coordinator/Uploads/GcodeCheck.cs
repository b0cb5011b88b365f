using PrintFarm.Farm;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Coordinator.Uploads;

/// <summary>An uploaded file is G-code only if it expands to no more than the limit, reads as G-code and moves the machine.</summary>
public static class GcodeCheck
{
    /// <param name="maxDecompressedBytes">A gzip file (every member of it) may expand to this many bytes; more is refused before analysis.</param>
    public static GcodeAnalysis Analyze(string path, string fileName, long maxDecompressedBytes, CancellationToken cancellationToken)
    {
        GzipLimit.Check(path, fileName, maxDecompressedBytes, cancellationToken);
        GcodeAnalysis analysis;
        try
        {
            analysis = GcodeAnalyzer.Analyze(path, cancellationToken);
        }
        catch (Exception ex) when (ex is GcodeFileException or IOException or InvalidDataException)
        {
            // The message may name the temporary file: the caller sees only the name it sent.
            throw new FarmValidationException($"{fileName} is not readable G-code: {ex.Message.Replace(path, fileName, StringComparison.Ordinal)}", ex);
        }
        if (analysis.Moves == 0 || analysis.Commands == 0)
            throw new FarmValidationException($"{fileName} is not G-code: it has no moves");
        var other = analysis.CommandWords.Where(w => w.Key.Length < 2 || w.Key[0] is not ('G' or 'M' or 'T') || !char.IsAsciiDigit(w.Key[1])).Sum(w => (long)w.Value);
        if (other * 2 > analysis.Commands)
            throw new FarmValidationException($"{fileName} is not G-code: most of its lines are not G, M or T commands");
        return analysis;
    }
}
