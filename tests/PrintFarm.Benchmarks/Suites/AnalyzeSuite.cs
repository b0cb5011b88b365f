using System.Diagnostics;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>analyze</c>: MB/s of uncompressed G-code through <see cref="GcodeAnalyzer"/> on one core, and
/// the working set while streaming. The stress file comes from ../shared when it is there.
/// </summary>
internal static class AnalyzeSuite
{
    public static Task<int> RunAsync(BenchmarkOptions options)
    {
        var files = Files(options);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var file in files)
        {
            var times = new List<double>();
            GcodeAnalysis? analysis = null;
            for (var run = 0; run < options.Runs; run++)
            {
                var clock = Stopwatch.StartNew();
                analysis = GcodeAnalyzer.Analyze(file);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            var median = Results.Median(times);
            rows.Add(new Dictionary<string, object?>
            {
                ["file"] = Path.GetRelativePath(BenchmarkOptions.RepositoryRoot(), file),
                ["lines"] = analysis!.Lines,
                ["MB"] = analysis.Bytes / 1e6,
                ["median_s"] = median,
                ["MB_per_s"] = analysis.Bytes / 1e6 / median,
                ["target_MB_per_s"] = 100.0,
                ["peak_working_set_MB"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
            });
        }
        Results.Write(options, "analyze", rows);
        return Task.FromResult(0);
    }

    private static List<string> Files(BenchmarkOptions options)
    {
        var explicitFile = options.String("file", "");
        if (explicitFile.Length > 0)
            return [explicitFile];
        var samples = Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "designs");
        var list = new List<string> { Path.Combine(samples, "touchless-door-tool", "mk3s_pla.gcode.gz") };
        if (!options.Smoke && BenchmarkOptions.SharedDesigns() is { } shared)
            list.Add(Path.Combine(shared, "stress", "dense.gcode.gz"));
        return list;
    }
}
