using System.Globalization;
using PrintFarm.Benchmarks.FarmSimulation;
using PrintFarm.Benchmarks.Infrastructure;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>farm</c>: a discrete-event simulation in virtual time of the Barcelona network (2,500 printers, 30 days of demand
/// that exceeds capacity), run once against PrintFarm's own farm services on SQLite and once against each of three
/// in-memory baselines, on the same simulated network from the same seed. Options: <c>--printers N --days D --seed S
/// --tick SECONDS --runs N --policies a,b --store-dir DIR --demand-factor F --progress</c>; <c>--smoke</c> is 100 printers for 2
/// days. Pin it to one core with <c>taskset -c 0</c>.
/// </summary>
internal static class FarmSuite
{
    private static readonly string[] AllPolicies = ["printfarm", "plan-time", "per-printer-fifo", "greedy"];

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var smoke = cli.Smoke;
        var baseOptions = new SimulationOptions
        {
            Printers = cli.Int("printers", smoke ? 100 : 2_500),
            Days = cli.Int("days", smoke ? 2 : 30),
            Seed = cli.Int("seed", 1),
            TickSeconds = cli.Int("tick", 60),
            DemandFactor = cli.Double("demand-factor", 0.65),
        };
        var runs = cli.Int("runs", 1);
        var policies = cli.String("policies", string.Join(',', AllPolicies)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var storeRoot = cli.String("store-dir", Path.GetTempPath());
        var samples = Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "designs");
        var rows = new List<IReadOnlyDictionary<string, object?>>();

        for (var run = 0; run < runs; run++)
        {
            var options = baseOptions with { Seed = baseOptions.Seed + run };
            var network = FarmNetwork.Build(options, samples);
            var labs = network.Printers.Count(p => p.IsLab);
            var mix = string.Join(", ", PrinterClass.All.Select(c => $"{network.Printers.Count(p => p.Class == c)} {c.Name}"));
            var parts = network.Demands.Sum(d => (long)d.Quantity);
            var offline = network.Printers.Sum(p => p.Offline.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: seed {options.Seed}; {network.Printers.Count} printers ({labs} at labs; {mix}), {options.Days} days, {network.Demands.Count} demands for {parts} parts, {offline} offline periods; tick at most every {options.TickSeconds} s"));
            foreach (var design in network.Designs)
            {
                Console.WriteLine($"  {design.Id}: {design.PartsPerPlate} per plate; "
                    + string.Join(", ", design.Variants.Select(v => $"{v.Class.Name} {v.PlateTime:h\\:mm\\:ss}")));
            }

            var runRows = new List<Dictionary<string, object?>>();
            foreach (var name in policies)
            {
                await using var policy = Create(name, storeRoot);
                var world = new SimulationWorld(network) { Progress = cli.Flag("progress") ? Console.WriteLine : null };
                var row = await world.RunAsync(policy);
                row["world_s"] = (double)row["wall_s"]! - (double)row["policy_s"]!;
                var described = new Dictionary<string, object?>
                {
                    ["run"] = run + 1, ["seed"] = options.Seed, ["printers"] = options.Printers, ["days"] = options.Days,
                    ["tick_s"] = options.TickSeconds, ["demands"] = network.Demands.Count,
                };
                foreach (var (key, value) in row)
                    described[key] = value;
                runRows.Add(described);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {policy.Name}: {row["wall_s"]:0.0} s wall, of which in the policy:"));
                foreach (var (section, time, calls) in world.Timer.Sections)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {section,-12} {time.TotalSeconds,8:0.00} s  {calls,9} calls  {time.TotalMilliseconds / Math.Max(1, calls),8:0.000} ms each"));
                if (policy is RealFarmPolicy real)
                {
                    foreach (var (section, time, calls) in real.Timer.Sections)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    tick: {section,-18} {time.TotalSeconds,8:0.00} s  {calls,9} calls  {time.TotalMilliseconds / Math.Max(1, calls),8:0.000} ms each"));
                }
            }
            Compare(runRows);
            rows.AddRange(runRows);
        }

        Console.WriteLine();
        var path = Results.Write(cli, "farm", rows);
        return 0;
    }

    /// <summary>Adds the targets and, on PrintFarm's row, its on-time share against the best baseline's.</summary>
    private static void Compare(List<Dictionary<string, object?>> rows)
    {
        var baselines = rows.Where(r => (string)r["policy"]! != "printfarm").Select(r => (double)r["on_time_share"]!).ToList();
        foreach (var row in rows)
        {
            row["target_share_of_bound"] = 0.95;
            if ((string)row["policy"]! == "printfarm" && baselines.Count > 0)
            {
                var best = baselines.Max();
                row["on_time_vs_best_baseline"] = best > 0 ? (double)row["on_time_share"]! / best : 0;
                row["target_on_time_vs_baseline"] = 1.3;
                row["target_wall_s"] = 120.0;
            }
        }
    }

    private static IFarmPolicy Create(string name, string storeRoot) => name switch
    {
        "printfarm" => new RealFarmPolicy(storeRoot),
        "plan-time" => new PlanTimeBindingPolicy(),
        "per-printer-fifo" => new PerPrinterFifoPolicy(),
        "greedy" => new GreedyFirstFitPolicy(),
        _ => throw new ArgumentException($"unknown policy \"{name}\"; known: {string.Join(", ", AllPolicies)}"),
    };
}
