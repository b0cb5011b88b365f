using System.Runtime.Versioning;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>motion</c>: the virtual printer plans and executes moves in real time, sped up by
/// <c>--time-scale</c> (10 by default), on dense curved G-code. Reports how long the planner sat
/// empty mid-print and how often it ran dry, for <c>printfarm send</c> and for <c>printcore</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class MotionSuite
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var baud = options.Int("baud", 250000);
        var latency = options.Double("latency", 1);
        var scale = options.Double("time-scale", 10);
        var lines = options.Int("lines", options.Smoke ? 2000 : 30000);
        var files = Files(options);
        var hosts = new List<string> { "printfarm" };
        if (HostProcess.PrintcoreInstalled && !options.Flag("no-printcore"))
            hosts.Add("printcore");

        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var failures = 0;
        foreach (var source in files)
        {
            var (file, expected) = SampleFiles.FirstCommands(source, lines);
            var row = new Dictionary<string, object?>
            {
                ["file"] = Path.GetFileName(Path.GetDirectoryName(source)) + "/" + Path.GetFileName(source),
                ["lines"] = expected.Count, ["baud"] = baud, ["latency_ms"] = latency, ["time_scale"] = scale,
            };
            foreach (var host in hosts)
            {
                var outcomes = new List<StreamRun.Outcome>();
                for (var run = 0; run < options.Runs; run++)
                {
                    var printer = new VirtualPrinterOptions { Baud = baud, LatencyMs = latency, Motion = true, TimeScale = scale };
                    var outcome = await StreamRun.RunAsync(host, printer, file, expected, TimeSpan.FromMinutes(30));
                    outcomes.Add(outcome);
                    Console.WriteLine($"  {row["file"]} {host} run {run + 1}: {outcome.Seconds:0.0} s, starved {outcome.StarvationSeconds:0.00} s, underruns {outcome.Underruns}, exact {outcome.Exact} {outcome.Problem}");
                    if (outcome.Exit != 0 || (!outcome.Exact && host == "printfarm"))
                        failures++;
                }
                row[$"{host}_seconds"] = Results.Median(outcomes.Select(o => o.Seconds));
                row[$"{host}_starved_s"] = Results.Median(outcomes.Select(o => o.StarvationSeconds));
                row[$"{host}_underruns"] = Results.Median(outcomes.Select(o => (double)o.Underruns));
            }
            rows.Add(row);
            File.Delete(file);
        }
        Results.Write(options, "motion", rows);
        return failures == 0 ? 0 : 1;
    }

    private static List<string> Files(BenchmarkOptions options)
    {
        var chosen = options.String("file", "");
        if (chosen.Length > 0)
            return [chosen];
        var samples = Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "designs");
        var list = new List<string> { Path.Combine(samples, "aon3d-face-shield-frame", "mk3s_pla.gcode.gz") };
        if (BenchmarkOptions.SharedDesigns() is { } shared)
            list.Insert(0, Path.Combine(shared, "stress", "dense.gcode.gz"));
        return list;
    }
}
