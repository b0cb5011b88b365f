using System.Runtime.Versioning;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>memory</c>: <c>printfarm send</c> streams the 2-million-line stress file (gzipped) into a
/// virtual printer with no wire timing, as fast as the host can go; reports the host's peak
/// resident set (target: under 100 MB) and its line rate, and checks the log is exact.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class MemorySuite
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var file = options.String("file", BenchmarkOptions.SharedDesigns() is { } shared && !options.Smoke
            ? Path.Combine(shared, "stress", "dense.gcode.gz")
            : Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "designs", "touchless-door-tool", "mk3s_pla.gcode.gz"));
        var expected = new List<string>();
        using (var reader = GcodeReader.Open(file))
        {
            while (reader.TryReadCommand(out var command, out _))
                expected.Add(System.Text.Encoding.ASCII.GetString(command));
        }
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var outcomes = new List<StreamRun.Outcome>();
        for (var run = 0; run < options.Runs; run++)
        {
            var printer = new VirtualPrinterOptions { Baud = 0, RxBufferBytes = 128, QueueSlots = 4 };
            var outcome = await StreamRun.RunAsync("printfarm", printer, 250000, file, expected, TimeSpan.FromMinutes(30));
            outcomes.Add(outcome);
            Console.WriteLine($"  run {run + 1}: {outcome.Commands} commands, {outcome.LinesPerSecond:0} lines/s, peak RSS {outcome.PeakResidentMB:0.0} MB, exact {outcome.Exact} {outcome.Problem}");
        }
        rows.Add(new Dictionary<string, object?>
        {
            ["file"] = Path.GetFileName(file),
            ["commands"] = expected.Count,
            ["lines_per_s"] = Results.Median(outcomes.Select(o => o.LinesPerSecond)),
            ["peak_rss_MB"] = Results.Median(outcomes.Select(o => o.PeakResidentMB)),
            ["target_rss_MB"] = 100.0,
            ["exact"] = outcomes.All(o => o.Exact),
        });
        expected.Clear();
        Results.Write(options, "memory", rows);
        return outcomes.All(o => o.Exit == 0 && o.Exact) ? 0 : 1;
    }
}
