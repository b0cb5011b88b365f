using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrintFarm.Benchmarks.Infrastructure;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>fleet</c>: N agents over MQTT against one coordinator (<c>printfarm serve</c>, Release, its own process, with its
/// embedded broker). For each N the printers are registered through <c>POST /api/printers</c> with <c>link: agent</c>,
/// one printer per agent, which issues each agent its credentials; that store is copied for every run. Each run starts
/// the coordinator, connects N real MQTT clients from this process (<see cref="SimulatedFleet"/>: the issued login, the
/// contract's last will, one scheduler loop publishing each printer's retained state once a second, spread evenly),
/// waits for a warm-up, then measures over a fixed window: the coordinator's CPU and memory, this process's CPU, and
/// the lag from a state's publish to its value showing in <c>GET /api/printers/{id}</c> on a sample of printers
/// (<see cref="VisibilityPoller"/>).
/// Options: <c>--agents 500,2500,10000</c>, <c>--warmup S</c>, <c>--window S</c>, <c>--sample N</c> (printers polled),
/// <c>--poll-rate R</c> (polls a second at most), <c>--connect-parallel N</c> (logins in flight), <c>--runs N</c>,
/// <c>--seed-cache DIR</c> (keep and reuse the registered stores and logins).
/// </summary>
internal static class FleetSuite
{
    private const int TargetAgents = 2_500;
    private const double TargetLagP99Ms = 1_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var smoke = cli.Smoke;
        var fleetSizes = cli.Doubles("agents", smoke ? [50] : [500, 2_500, 10_000]).Select(x => (int)x).ToList();
        var warmUp = TimeSpan.FromSeconds(cli.Double("warmup", smoke ? 2 : 5));
        var window = TimeSpan.FromSeconds(cli.Double("window", smoke ? 3 : 25));
        var sampleSize = cli.Int("sample", smoke ? 20 : 100);
        var pollRate = cli.Double("poll-rate", smoke ? 100 : 200);
        var parallel = cli.Int("connect-parallel", 50);
        var registerParallel = cli.Int("register-parallel", 8);
        // Registering 10,000 printers through the API takes minutes: --seed-cache DIR keeps each fleet's registered store
        // and issued logins (secrets, in plain text) for the next invocation.
        var seedRoot = cli.String("seed-cache", "") is { Length: > 0 } cache ? Path.GetFullPath(cache) : null;

        var limit = FileLimit.Raise();
        var needed = fleetSizes.Max() + 200;
        Console.WriteLine($"open files: soft limit {limit.Soft}, hard {limit.Hard}; the coordinator inherits it; {fleetSizes.Max()} agents need about {needed} in each process");
        if (limit.Soft < (ulong)needed)
            Console.WriteLine($"WARNING: raise the open-files limit (ulimit -n {needed}) or the largest fleet will not connect");

        var root = Path.Combine(Path.GetTempPath(), "printfarm-bench-fleet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var runs = new List<FleetRun>();
        var seeds = new Dictionary<int, double>();
        try
        {
            foreach (var n in fleetSizes)
            {
                var seedDirectory = Path.Combine(seedRoot ?? root, $"seed-{n}");
                var loginsFile = Path.Combine(seedDirectory, "bench-agent-logins.txt");
                List<AgentLogin> logins;
                if (seedRoot is not null && File.Exists(loginsFile))
                {
                    logins = (await File.ReadAllLinesAsync(loginsFile)).Select(l => l.Split(' ')).Select(f => new AgentLogin(f[0], f[1], f[2])).ToList();
                    Console.WriteLine($"{n} printers and their agent logins from {seedDirectory} (registered earlier through POST /api/printers)");
                }
                else
                {
                    Console.WriteLine($"load average {ProcStats.LoadAverage():0.00}; registering {n} agent printers through POST /api/printers...");
                    (logins, var seedSeconds) = await RegisterAsync(seedDirectory, n, registerParallel);
                    seeds[n] = seedSeconds;
                    Console.WriteLine($"{n} printers registered, {logins.Count} agent logins issued, in {seedSeconds:0.0} s");
                    if (seedRoot is not null)
                        await File.WriteAllLinesAsync(loginsFile, logins.Select(l => $"{l.AgentId} {l.Password} {l.PrinterId}"));
                }
                for (var run = 1; run <= cli.Runs; run++)
                {
                    var data = Path.Combine(root, $"run-{n}-{run}");
                    ApiFarmSeeder.Copy(seedDirectory, data);
                    var result = await RunOnceAsync(run, data, logins, sampleSize, pollRate, parallel, warmUp, window);
                    runs.Add(result);
                    Console.WriteLine(result.Describe());
                    try
                    {
                        Directory.Delete(data, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        var rows = Summarise(runs, seeds, smoke);
        var path = Write(cli, rows, runs, new
        {
            agents = fleetSizes, warmUpSeconds = warmUp.TotalSeconds, windowSeconds = window.TotalSeconds, sampleSize, pollRate, connectParallel = parallel,
            printersPerAgent = 1, stateEverySeconds = 1, openFilesSoftLimit = limit.Soft,
        });
        foreach (var row in rows)
        {
            if (row["met"] is bool met)
                Console.WriteLine($"{row["agents"]} agents: target {row["target"]}: {(met ? "met" : "MISSED")}");
        }
        return ResultCheck.Run(Path.GetDirectoryName(path)!, Path.GetFileName(path));
    }

    /// <summary>A coordinator on a fresh store; N printers registered with <c>link: agent</c>, each behind its own agent.</summary>
    private static async Task<(List<AgentLogin> Logins, double Seconds)> RegisterAsync(string directory, int n, int parallel)
    {
        var watch = Stopwatch.StartNew();
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        var logins = new AgentLogin?[n];
        await using (var coordinator = await CoordinatorProcess.StartAsync(directory, TimeSpan.FromSeconds(60)))
        {
            using var http = VisibilityPoller.CreateClient(coordinator.Address, coordinator.AdminKey);
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
            {
                var printerId = $"printer-{i:00000}";
                var agentId = $"agent-{i:00000}";
                using var response = await http.PostAsJsonAsync(new Uri("/api/printers", UriKind.Relative), new
                {
                    id = printerId, site = $"home-{i}", node = $"node-{i % 25}", owner = $"maker-{i}", ownerKind = "maker", link = "agent", address = agentId,
                    bedXMm = 220, bedYMm = 220, nozzleMm = 0.4, material = "PLA", profile = "marlin",
                }, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"POST /api/printers for {printerId}: {(int)response.StatusCode} {body}");
                var credentials = JsonNode.Parse(body)?["agentCredentials"]
                    ?? throw new InvalidOperationException($"POST /api/printers for {printerId} issued no agent credentials: {body}");
                logins[i] = new AgentLogin(credentials["username"]!.GetValue<string>(), credentials["password"]!.GetValue<string>(), printerId);
            });
        }
        return (logins.Select(l => l!).ToList(), watch.Elapsed.TotalSeconds);
    }

    private sealed record FleetRun(
        int Run, int Agents, int Connected, int ConnectFailures, string? ConnectError, double ConnectSeconds, double ConnectP50Ms, double ConnectP99Ms,
        double ConnectServerCpuPercent, double PublishedPerSecond, double SkippedPerSecond, long Failed, double PubAckP50Ms, double PubAckP99Ms,
        double LagP50Ms, double LagP90Ms, double LagP99Ms, double LagMaxMs, long LagSamples, long Superseded, double PollsPerSecond, double PollP50Ms, double PollP99Ms, long PollErrors,
        double ServerCpuPercent, double ServerIdleResidentMiB, double ServerResidentMiB, double ServerPeakResidentMiB, int ServerThreads,
        double BenchCpuPercent, double BenchResidentMiB, double MachineBusyPercent, double LoadBefore, long Disconnects, int Sample)
    {
        public string Describe() =>
            $"run {Run}: {Agents} agents, {Connected} connected ({ConnectFailures} failed{(ConnectError is null ? "" : ": " + ConnectError)}) in {ConnectSeconds:0.0} s "
            + $"(login p50 {ConnectP50Ms:0} ms, p99 {ConnectP99Ms:0} ms, coordinator CPU {ConnectServerCpuPercent:0}% meanwhile); "
            + $"{PublishedPerSecond:0} states/s ({SkippedPerSecond:0.0}/s skipped awaiting PUBACK, PUBACK p99 {PubAckP99Ms:0.0} ms); "
            + $"lag p50 {LagP50Ms:0.0} ms, p90 {LagP90Ms:0.0} ms, p99 {LagP99Ms:0.0} ms, max {LagMaxMs:0} ms over {LagSamples} samples of {Sample} printers ({Superseded} superseded unseen), "
            + $"{PollsPerSecond:0} polls/s (GET p99 {PollP99Ms:0.0} ms, {PollErrors} errors); "
            + $"coordinator CPU {ServerCpuPercent:0}% ({ServerCpuPercent / 100:0.00} cores), RSS {ServerResidentMiB:0} MiB (idle {ServerIdleResidentMiB:0}, peak {ServerPeakResidentMiB:0}), {ServerThreads} threads; "
            + $"benchmark CPU {BenchCpuPercent:0}%, RSS {BenchResidentMiB:0} MiB; machine {MachineBusyPercent:0}% busy of {Environment.ProcessorCount} cores; {Disconnects} disconnects; load before {LoadBefore:0.00}";
    }

    private static async Task<FleetRun> RunOnceAsync(
        int run, string data, List<AgentLogin> logins, int sampleSize, double pollRate, int parallel, TimeSpan warmUp, TimeSpan window)
    {
        var load = ProcStats.LoadAverage();
        await using var coordinator = await CoordinatorProcess.StartAsync(data, TimeSpan.FromSeconds(60));
        var n = logins.Count;
        Console.WriteLine($"run {run}: printfarm serve (pid {coordinator.Pid}) on {coordinator.Address}, MQTT on port {coordinator.MqttPort}; {n} agents; load average {load:0.00}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var idleRss = coordinator.ResidentMiB();

        // Evenly spaced printers, so the sample's publishes are spread over the second like the fleet's.
        var s = Math.Min(sampleSize, n);
        var sample = Enumerable.Range(0, s).Select(k => (int)((long)k * n / s)).Distinct().ToList();
        await using var fleet = new SimulatedFleet(logins, "127.0.0.1", coordinator.MqttPort, sample.ToHashSet());
        using var http = VisibilityPoller.CreateClient(coordinator.Address, coordinator.AdminKey);
        var poller = new VisibilityPoller(http, fleet, sample, pollRate);
        using var stop = new CancellationTokenSource();
        var origin = Stopwatch.GetTimestamp();
        var publishing = Task.Run(() => fleet.PublishLoopAsync(origin, stop.Token));
        var polling = Task.Run(() => poller.RunAsync(stop.Token));

        var cpuBeforeConnect = coordinator.CpuSeconds();
        var connectWatch = Stopwatch.StartNew();
        await fleet.ConnectAllAsync(parallel, CancellationToken.None);
        var connectSeconds = connectWatch.Elapsed.TotalSeconds;
        var connectCpu = 100 * (coordinator.CpuSeconds() - cpuBeforeConnect) / connectSeconds;
        Console.WriteLine($"run {run}: {fleet.Connected} of {n} agents up in {connectSeconds:0.0} s; warm-up {warmUp.TotalSeconds:0} s");
        if (coordinator.HasExited)
            throw new InvalidOperationException($"printfarm serve exited while the agents connected:\n{coordinator.RecentLog}");
        await Task.Delay(warmUp);

        var windowStart = Stopwatch.GetTimestamp();
        var windowEnd = windowStart + (long)(window.TotalSeconds * Stopwatch.Frequency);
        poller.SetWindow(windowStart, windowEnd);
        var serverCpu0 = coordinator.CpuSeconds();
        var benchCpu0 = ProcStats.CpuSeconds(Environment.ProcessId);
        var machine0 = ProcStats.MachineBusySeconds();
        var (published0, skipped0, failed0, disconnects0) = (fleet.Published, fleet.Skipped, fleet.Failed, fleet.Disconnects);
        await Task.Delay(window);
        var seconds = (Stopwatch.GetTimestamp() - windowStart) / (double)Stopwatch.Frequency;
        var serverCpu = 100 * (coordinator.CpuSeconds() - serverCpu0) / seconds;
        var benchCpu = 100 * (ProcStats.CpuSeconds(Environment.ProcessId) - benchCpu0) / seconds;
        var machineBusy = 100 * (ProcStats.MachineBusySeconds() - machine0) / seconds / Environment.ProcessorCount;
        var (published, skipped, failed, disconnects) = (fleet.Published - published0, fleet.Skipped - skipped0, fleet.Failed - failed0, fleet.Disconnects - disconnects0);
        var rss = coordinator.ResidentMiB();
        var peak = coordinator.PeakResidentMiB();
        var threads = Threads(coordinator.Pid);
        var benchRss = ProcStats.StatusMiB(Environment.ProcessId, "VmRSS");
        // Publishes from the window's last moments still become visible: give the poller a little longer.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(publishing, polling);

        LatencyHistogram lag, polls;
        long pollCount, pollErrors, superseded;
        lock (poller.Lag)
        {
            lag = poller.Lag;
            polls = poller.PollLatency;
            (pollCount, pollErrors, superseded) = (poller.Polls, poller.PollErrors, poller.Superseded);
        }
        if (coordinator.HasExited)
            throw new InvalidOperationException($"printfarm serve exited during the run:\n{coordinator.RecentLog}");
        return new FleetRun(run, n, fleet.Connected, fleet.ConnectFailures, fleet.FirstConnectError, connectSeconds,
            fleet.ConnectLatency.PercentileMs(0.5), fleet.ConnectLatency.PercentileMs(0.99), connectCpu,
            published / seconds, skipped / seconds, failed, fleet.AckLatency.PercentileMs(0.5), fleet.AckLatency.PercentileMs(0.99),
            lag.PercentileMs(0.5), lag.PercentileMs(0.9), lag.PercentileMs(0.99), lag.MaxMicroseconds / 1000.0, lag.Count, superseded,
            pollCount / (seconds + 3), polls.PercentileMs(0.5), polls.PercentileMs(0.99), pollErrors,
            serverCpu, idleRss, rss, peak, threads, benchCpu, benchRss, machineBusy, load, disconnects, sample.Count);
    }

    private static int Threads(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<Dictionary<string, object?>> Summarise(List<FleetRun> runs, Dictionary<int, double> seeds, bool smoke)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var g in runs.GroupBy(r => r.Agents))
        {
            double M(Func<FleetRun, double> f) => Results.Median(g.Select(f));
            var lagP99 = M(r => r.LagP99Ms);
            var target = g.Key == TargetAgents;
            rows.Add(new Dictionary<string, object?>
            {
                ["agents"] = g.Key,
                ["runs"] = g.Count(),
                ["register_s"] = seeds.TryGetValue(g.Key, out var registered) ? registered : null,
                ["connected"] = g.Min(r => r.Connected),
                ["connect_failures"] = g.Sum(r => r.ConnectFailures),
                ["connect_s"] = M(r => r.ConnectSeconds),
                ["login_p50_ms"] = M(r => r.ConnectP50Ms),
                ["login_p99_ms"] = M(r => r.ConnectP99Ms),
                ["connect_server_cpu_pct"] = M(r => r.ConnectServerCpuPercent),
                ["states_per_s"] = M(r => r.PublishedPerSecond),
                ["skipped_per_s"] = M(r => r.SkippedPerSecond),
                ["puback_p99_ms"] = M(r => r.PubAckP99Ms),
                ["lag_p50_ms"] = M(r => r.LagP50Ms),
                ["lag_p90_ms"] = M(r => r.LagP90Ms),
                ["lag_p99_ms"] = lagP99,
                ["lag_max_ms"] = M(r => r.LagMaxMs),
                ["lag_samples"] = M(r => r.LagSamples),
                ["superseded"] = M(r => r.Superseded),
                ["sampled_printers"] = g.First().Sample,
                ["polls_per_s"] = M(r => r.PollsPerSecond),
                ["poll_p99_ms"] = M(r => r.PollP99Ms),
                ["poll_errors"] = g.Sum(r => r.PollErrors),
                ["server_cpu_pct"] = M(r => r.ServerCpuPercent),
                ["server_cores"] = M(r => r.ServerCpuPercent) / 100,
                ["server_rss_idle_mib"] = M(r => r.ServerIdleResidentMiB),
                ["server_rss_mib"] = M(r => r.ServerResidentMiB),
                ["server_peak_rss_mib"] = g.Max(r => r.ServerPeakResidentMiB),
                ["server_threads"] = M(r => r.ServerThreads),
                ["bench_cpu_pct"] = M(r => r.BenchCpuPercent),
                ["bench_rss_mib"] = M(r => r.BenchResidentMiB),
                ["machine_busy_pct"] = M(r => r.MachineBusyPercent),
                ["disconnects"] = g.Sum(r => r.Disconnects),
                ["load_before"] = g.Max(r => r.LoadBefore),
                ["target"] = target ? $"lag p99 < {TargetLagP99Ms:0} ms, all connected" : "",
                ["met"] = target && !smoke ? lagP99 < TargetLagP99Ms && g.All(r => r.Connected == r.Agents) : null,
            });
        }
        return rows;
    }

    private static string Write(BenchmarkOptions cli, List<Dictionary<string, object?>> rows, List<FleetRun> runs, object setup)
    {
        Console.WriteLine();
        Console.WriteLine($"medians of {cli.Runs} run(s) per fleet size");
        var columns = new[]
        {
            "agents", "runs", "connected", "connect_s", "login_p99_ms", "states_per_s", "skipped_per_s", "lag_p50_ms", "lag_p99_ms", "lag_max_ms", "lag_samples",
            "polls_per_s", "server_cpu_pct", "server_cores", "server_rss_mib", "server_peak_rss_mib", "bench_cpu_pct", "machine_busy_pct", "load_before",
        };
        Results.PrintTable(rows.Select(r => (IReadOnlyDictionary<string, object?>)columns.ToDictionary(c => c, c => r.GetValueOrDefault(c))).ToList());
        Directory.CreateDirectory(cli.OutputDirectory);
        var path = Path.Combine(cli.OutputDirectory, $"fleet-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = new { suite = "fleet", machine = MachineInfo.Snapshot(), runs = cli.Runs, smoke = cli.Smoke, setup, rows, perRun = runs };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
        Console.WriteLine($"results: {path}");
        return path;
    }

    /// <summary>The open-files limit, its soft value raised to the hard one (children inherit it).</summary>
    private static class FileLimit
    {
        private const int RlimitNofile = 7;

        [StructLayout(LayoutKind.Sequential)]
        private struct RLimit
        {
            public ulong Current;
            public ulong Max;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int getrlimit(int resource, out RLimit limit);

        [DllImport("libc", SetLastError = true)]
        private static extern int setrlimit(int resource, ref RLimit limit);

        public static (ulong Soft, ulong Hard) Raise()
        {
            if (getrlimit(RlimitNofile, out var limit) != 0)
                return (0, 0);
            if (limit.Current < limit.Max)
            {
                var raised = limit with { Current = limit.Max };
                if (setrlimit(RlimitNofile, ref raised) == 0)
                    limit = raised;
            }
            return (limit.Current, limit.Max);
        }
    }
}
