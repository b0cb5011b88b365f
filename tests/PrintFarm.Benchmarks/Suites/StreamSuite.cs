using System.Runtime.Versioning;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>stream</c>: wire efficiency (bytes/s ÷ baud/10) and lines/s of <c>printfarm send</c> and of
/// Printrun's <c>printcore</c>, on the same virtual printer pty, over baud × latency. Moves take no
/// time, so only the link is measured. Every cell checks that the executed log equals the file.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class StreamSuite
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var bauds = options.Doubles("baud", options.Smoke ? [250000] : [115200, 250000]).Select(b => (int)b).ToList();
        var latencies = options.Doubles("latency", options.Smoke ? [1] : [0, 1, 4, 16]);
        var lines = options.Int("lines", options.Smoke ? 300 : 3000);
        var corrupt = options.Double("corrupt", 0);
        var source = options.String("file", Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "designs", "ear-saver", "mk3s_pla.gcode"));
        var (file, expected) = SampleFiles.FirstCommands(source, lines);
        var hosts = new List<string> { "printfarm" };
        if (HostProcess.PrintcoreInstalled && !options.Flag("no-printcore"))
            hosts.Add("printcore");
        else
            Console.WriteLine("printcore is not installed (Debian package printrun): printfarm only");

        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var failures = 0;
        foreach (var baud in bauds)
        {
            foreach (var latency in latencies)
            {
                var row = new Dictionary<string, object?> { ["baud"] = baud, ["latency_ms"] = latency, ["lines"] = expected.Count, ["corrupt"] = corrupt };
                var perHost = new Dictionary<string, double>();
                foreach (var host in hosts)
                {
                    var outcomes = new List<StreamRun.Outcome>();
                    for (var run = 0; run < options.Runs; run++)
                    {
                        var printer = new VirtualPrinterOptions { Baud = baud, LatencyMs = latency, RxBufferBytes = 128, QueueSlots = 4, CorruptProbability = corrupt, Seed = run + 1 };
                        var outcome = await StreamRun.RunAsync(host, printer, file, expected, TimeSpan.FromMinutes(15));
                        outcomes.Add(outcome);
                        Console.WriteLine($"  {baud} baud {latency} ms {host} run {run + 1}: {outcome.LinesPerSecond:0} lines/s, wire {outcome.WireBusy:P1}, exact {outcome.Exact}, resends {outcome.Resends} {outcome.Problem}");
                        if (outcome.Exit != 0 || (!outcome.Exact && host == "printfarm"))
                            failures++;
                    }
                    var linesPerSecond = Results.Median(outcomes.Select(o => o.LinesPerSecond));
                    perHost[host] = linesPerSecond;
                    row[$"{host}_lines_per_s"] = linesPerSecond;
                    row[$"{host}_wire_busy"] = Results.Median(outcomes.Select(o => o.WireBusy));
                    row[$"{host}_exact"] = outcomes.All(o => o.Exact);
                }
                if (perHost.TryGetValue("printcore", out var peer) && peer > 0)
                    row["ratio_vs_printcore"] = perHost["printfarm"] / peer;
                rows.Add(row);
            }
        }
        Results.Write(options, "stream", rows);
        File.Delete(file);
        return failures == 0 ? 0 : 1;
    }
}
