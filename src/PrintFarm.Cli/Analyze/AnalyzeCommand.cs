using System.CommandLine;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Cli.Analyze;

/// <summary><c>printfarm analyze FILE [--json]</c>: statistics and slicer metadata of one G-code file.</summary>
internal static class AnalyzeCommand
{
    /// <summary>The file is missing, unreadable or not text G-code.</summary>
    public const int BadFileExitCode = 2;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "G-code file, plain or gzip-compressed (.gcode or .gcode.gz)",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object instead of the summary",
        };
        var command = new Command("analyze", "Read a G-code file and report its lines, moves, layers, time, filament, bounding box, temperatures and slicer.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var exitCode = Run(parseResult.GetRequiredValue(file), parseResult.GetValue(json), output, error, cancellationToken);
            return Task.FromResult(exitCode);
        });
        return command;
    }

    private static int Run(FileInfo file, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        GcodeAnalysis analysis;
        try
        {
            analysis = GcodeAnalyzer.Analyze(file.FullName, cancellationToken);
        }
        catch (GcodeFileException ex)
        {
            // Report the path as the user typed it, not the full path the analyzer was given.
            error.WriteLine($"error: {ex.Message.Replace(file.FullName, file.ToString(), StringComparison.Ordinal)}");
            return BadFileExitCode;
        }
        if (json)
            AnalysisReport.WriteJson(output, file.ToString(), analysis);
        else
            AnalysisReport.WriteSummary(output, file.ToString(), analysis);
        return 0;
    }
}
