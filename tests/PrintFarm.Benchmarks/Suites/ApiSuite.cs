using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using PrintFarm.Benchmarks.Infrastructure;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>api</c>: the coordinator's HTTP API under load. Part one starts <c>printfarm serve</c> (Release) in a process of
/// its own on a seeded SQLite store (2,500 printers, about 10,000 jobs, some printing) and drives
/// <c>GET /api/jobs/{id}</c> (random ids), <c>GET /api/printers?limit=100</c> (random offsets) and <c>GET /api/ledger</c>
/// from a closed-loop client on loopback (wrk when installed, else the built-in one), counting requests/s and the
/// latency percentiles in a fixed window after a warm-up. Part two opens 200 <c>GET /api/events</c> streams on a
/// coordinator in a child process whose printers all report progress once a second, and measures what each stream
/// receives, the publish-to-receive lag, dropped clients, and the coordinator's CPU and memory.
/// Options: <c>--printers N</c>, <c>--jobs N</c>, <c>--clients N</c> (event streams), <c>--connections N</c>,
/// <c>--client wrk|builtin|both</c>, <c>--wrk-threads N</c>, <c>--warmup S</c>, <c>--window S</c>,
/// <c>--part http|events|all</c>, <c>--wait-load L</c> (wait up to 10 minutes for the 1-minute load average to drop
/// under L before each run).
/// </summary>
internal static class ApiSuite
{
    private const double TargetRequestsPerSecond = 5_000;
    private const double TargetP99Ms = 20;

    private static readonly JsonSerializerOptions Indented = new(EventStreamCoordinator.Json) { WriteIndented = true };

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        if (cli.Flag("event-coordinator"))
            return await EventStreamCoordinator.RunAsync(cli);

        var smoke = cli.Smoke;
        var printers = cli.Int("printers", smoke ? 50 : 2_500);
        var jobs = cli.Int("jobs", smoke ? 200 : printers * 4);
        var streams = cli.Int("clients", smoke ? 5 : 200);
        var connections = cli.Int("connections", smoke ? 8 : 32);
        var warmUp = TimeSpan.FromSeconds(cli.Double("warmup", smoke ? 1 : 3));
        var window = TimeSpan.FromSeconds(cli.Double("window", smoke ? 2 : 10));
        var wrkThreads = cli.Int("wrk-threads", 1);
        var part = cli.String("part", "all");
        var clientChoice = cli.String("client", WrkLoadClient.Installed ? "wrk" : "builtin");
        if (clientChoice is "wrk" or "both" && !WrkLoadClient.Installed)
        {
            Console.WriteLine("wrk is not installed (apt-get install wrk): using the built-in client");
            clientChoice = "builtin";
        }
        var waitLoad = cli.Double("wait-load", double.NaN);

        var root = Path.Combine(Path.GetTempPath(), "printfarm-bench-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        Console.WriteLine($"load average {ProcStats.LoadAverage():0.00}; seeding {printers} printers, about {jobs} jobs (SQLite, the default store)...");
        var farm = await ApiFarmSeeder.SeedAsync(Path.Combine(root, "seed"), printers, jobs, seed: 1);
        Console.WriteLine(ApiFarmSeeder.Describe(farm));

        var routes = Routes(farm);
        var httpRows = new List<HttpRun>();
        var eventRows = new List<EventRun>();
        try
        {
            for (var run = 1; run <= cli.Runs; run++)
            {
                if (part is "all" or "http")
                {
                    var load = await WaitForLoadAsync(waitLoad);
                    httpRows.AddRange(await HttpRunAsync(run, farm, root, routes, clientChoice, connections, wrkThreads, warmUp, window, load));
                }
                if (part is "all" or "events")
                {
                    var load = await WaitForLoadAsync(waitLoad);
                    eventRows.Add(await EventRunAsync(run, farm, root, streams, warmUp, window, load));
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

        var rows = Summarise(httpRows, eventRows, smoke, out var summary);
        var path = Write(cli, farm, rows, httpRows, eventRows, new { printers, jobs = farm.JobIds.Count, jobsByState = farm.JobsByState, streams, connections, warmUpSeconds = warmUp.TotalSeconds, windowSeconds = window.TotalSeconds });
        foreach (var line in summary)
            Console.WriteLine(line);
        return Check(path, part, smoke);
    }

    private static async Task<double> WaitForLoadAsync(double limit)
    {
        var load = ProcStats.LoadAverage();
        if (double.IsNaN(limit))
            return load;
        var waited = Stopwatch.StartNew();
        while (load >= limit && waited.Elapsed < TimeSpan.FromMinutes(10))
        {
            Console.WriteLine($"load average {load:0.00}: waiting for it to drop under {limit:0.0}");
            await Task.Delay(TimeSpan.FromSeconds(15));
            load = ProcStats.LoadAverage();
        }
        return load;
    }

    /// <summary>The read routes the HTTP part loads, over a seeded farm's ids.</summary>
    internal static List<RouteLoad> Routes(ApiFarm farm) =>
    [
        new("GET /api/jobs/{id}", farm.JobIds.Select(id => $"/api/jobs/{id.ToString(CultureInfo.InvariantCulture)}").ToList()),
        new("GET /api/printers?limit=100", Enumerable.Range(0, Math.Max(1, farm.Printers - 100 + 1))
            .Select(o => $"/api/printers?limit=100&offset={o.ToString(CultureInfo.InvariantCulture)}").ToList()),
        new("GET /api/ledger", ["/api/ledger"]),
    ];

    internal sealed record HttpRun(int Run, LoadResult Result, double ServerCpuPercent, double ServerResidentMiB, double LoadBefore);

    /// <summary>
    /// One run of the HTTP part on a fresh copy of the seeded store. <paramref name="alongside"/>, when given, starts
    /// something with the coordinator before the load (the <c>webhooks</c> suite's receivers and event driver) and is
    /// disposed after it.
    /// </summary>
    internal static async Task<List<HttpRun>> HttpRunAsync(
        int run, ApiFarm farm, string root, List<RouteLoad> routes, string clientChoice, int connections, int wrkThreads, TimeSpan warmUp, TimeSpan window, double load,
        Func<CoordinatorProcess, Task<IAsyncDisposable>>? alongside = null, string name = "http")
    {
        var data = Path.Combine(root, $"{name}-{run}");
        ApiFarmSeeder.Copy(farm.Directory, data);
        var results = new List<HttpRun>();
        await using var coordinator = await CoordinatorProcess.StartAsync(data, TimeSpan.FromSeconds(60));
        Console.WriteLine($"run {run}: printfarm serve (pid {coordinator.Pid}) on {coordinator.Address}, load average {load:0.00}");
        await using var beside = alongside is null ? null : await alongside(coordinator);
        foreach (var route in routes)
        {
            foreach (var client in clientChoice == "both" ? new[] { "wrk", "builtin" } : [clientChoice])
            {
                var loadBefore = ProcStats.LoadAverage();
                var cpuBefore = coordinator.CpuSeconds();
                var clock = Stopwatch.StartNew();
                var result = client == "wrk"
                    ? await WrkLoadClient.RunAsync(coordinator.Address, coordinator.AdminKey, route, connections, wrkThreads, warmUp, window, root)
                    : await BuiltInLoadClient.RunAsync(coordinator.Address, coordinator.AdminKey, route, connections, warmUp, window, seed: run);
                // wrk's warm-up is a run of its own, so the server's CPU is averaged over both, as for the built-in client.
                var serverCpu = 100 * (coordinator.CpuSeconds() - cpuBefore) / clock.Elapsed.TotalSeconds;
                var row = new HttpRun(run, result, serverCpu, coordinator.ResidentMiB(), loadBefore);
                results.Add(row);
                Console.WriteLine($"run {run}: {route.Name,-28} {result.Client,-30} {result.RequestsPerSecond,8:0} req/s  p50 {result.P50Ms,6:0.00} ms  p99 {result.P99Ms,6:0.00} ms  "
                    + $"max {result.MaxMs,7:0.0} ms  errors {result.Errors}  server CPU {serverCpu:0}%  client CPU {100 * result.ClientCpuSeconds / result.Seconds:0}%  load {loadBefore:0.00}");
                if (coordinator.HasExited)
                    throw new InvalidOperationException($"printfarm serve exited during the run:\n{coordinator.RecentLog}");
            }
        }
        return results;
    }

    private sealed record EventRun(
        int Run, int Clients, int Connected, int Dropped, int WithErrors, int Behind, long MissedIds, long Resets, double PublishedPerSecond,
        double MinPerClientPerSecond, double MedianPerClientPerSecond, double LagP50Ms, double LagP99Ms, double LagMaxMs, double WorstClientP99Ms,
        EventStreamCoordinator.DriveReport Coordinator, double ClientCpuPercent, double LoadBefore, double FirstDropSeconds, double MedianProgressEvents, double EventsPerRead, double BytesPerEvent,
        double LagAllP50Ms, double LagAllP99Ms);

    private static async Task<EventRun> EventRunAsync(int run, ApiFarm farm, string root, int streams, TimeSpan warmUp, TimeSpan window, double load)
    {
        var data = Path.Combine(root, $"events-{run}");
        ApiFarmSeeder.Copy(farm.Directory, data);
        var rate = (double)farm.Printers; // every printer reports once a second
        await using var child = await EventCoordinatorChild.StartAsync(data, farm.Reporters, root);
        var address = child.Address;
        var key = child.AdminKey;
        Console.WriteLine($"run {run}: event-stream coordinator (pid {child.ProcessId}) on {address}, {streams} streams, {rate:0} reports/s, load average {load:0.00}");

        using var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = streams + 8, ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, streams).Select(_ => new EventStreamClient()).ToList();
        var eventsUri = new Uri(address, "/api/events");
        var readers = clients.Select(c => Task.Run(() => c.RunAsync(http, eventsUri, key, stop.Token))).ToList();
        await Task.WhenAll(clients.Select(c => c.Connected)).WaitAsync(TimeSpan.FromSeconds(60));
        var connected = clients.Count(c => c.Error is null);

        var (windowStart, windowEnd) = await child.GoAsync(warmUp, window, rate);
        foreach (var c in clients)
            c.SetWindow(windowStart, windowEnd);
        var publishStart = windowStart - (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var cpuStart = double.NaN;
        while (Stopwatch.GetTimestamp() < windowStart)
            await Task.Delay(5);
        cpuStart = ProcStats.CpuSeconds(Environment.ProcessId);
        var report = await child.DoneAsync(warmUp + window + TimeSpan.FromSeconds(60));
        var clientCpu = 100 * (ProcStats.CpuSeconds(Environment.ProcessId) - cpuStart) / window.TotalSeconds;
        // Let the events published at the end of the window arrive.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));

        var seconds = window.TotalSeconds;
        var perClient = clients.Select(c => c.ProgressInWindow / seconds).Order().ToList();
        var lag = new LatencyHistogram();
        var lagAll = new LatencyHistogram();
        foreach (var c in clients)
        {
            lag.Add(c.Lag);
            lagAll.Add(c.LagAll);
        }
        // Behind: missed events, or got under 99% of those published in the window.
        var behind = clients.Count(c => c.MissedIds > 0 || c.ProgressInWindow < 0.99 * report.PublishedInWindow);
        var result = new EventRun(run, streams, connected, clients.Count(c => c.ClosedByServer), clients.Count(c => c.Error is not null), behind,
            clients.Sum(c => c.MissedIds), clients.Sum(c => c.Resets), report.AchievedRate,
            perClient.Count == 0 ? 0 : perClient[0], Results.Median(perClient), lag.PercentileMs(0.5), lag.PercentileMs(0.99), lag.MaxMicroseconds / 1000.0,
            clients.Max(c => c.Lag.PercentileMs(0.99)), report, clientCpu, load,
            clients.Any(c => c.ClosedByServer) ? (clients.Where(c => c.ClosedByServer).Min(c => c.ClosedAt) - publishStart) / (double)Stopwatch.Frequency : double.NaN,
            Results.Median(clients.Select(c => (double)c.ProgressEvents)),
            clients.Sum(c => c.ProgressEvents + c.OtherEvents) / (double)Math.Max(1, clients.Sum(c => c.Reads)),
            clients.Sum(c => c.Bytes) / (double)Math.Max(1, clients.Sum(c => c.ProgressEvents + c.OtherEvents)),
            lagAll.PercentileMs(0.5), lagAll.PercentileMs(0.99));
        if (result.Dropped > 0)
            Console.WriteLine($"run {run}: the first stream was dropped {result.FirstDropSeconds:0.00} s after the reports began; a stream got {result.MedianProgressEvents:0} progress events (median) in all, "
                + $"with lag p50 {result.LagAllP50Ms:0.0} ms, p99 {result.LagAllP99Ms:0.0} ms (warm-up included)");
        Console.WriteLine($"run {run}: {streams} streams: {result.Connected} connected, {result.Dropped} dropped, {result.Behind} behind, {result.MissedIds} events missed; "
            + $"published {result.PublishedPerSecond:0}/s; per stream min {result.MinPerClientPerSecond:0}/s, median {result.MedianPerClientPerSecond:0}/s; "
            + $"lag p50 {result.LagP50Ms:0.00} ms, p99 {result.LagP99Ms:0.00} ms, max {result.LagMaxMs:0.0} ms; "
            + $"coordinator CPU {report.CpuPercent:0}%, RSS {report.ResidentMiB:0} MiB (peak {report.PeakResidentMiB:0}), subscribers {report.SubscribersAtStart}->{report.SubscribersAtEnd}; "
            + $"publish p99 {report.PublishP99Ms:0.00} ms; {result.EventsPerRead:0.0} events a read, {result.BytesPerEvent:0} bytes an event; client CPU {clientCpu:0}%");
        return result;
    }

    private static List<Dictionary<string, object?>> Summarise(List<HttpRun> http, List<EventRun> events, bool smoke, out List<string> summary)
    {
        summary = [];
        var rows = new List<Dictionary<string, object?>>();
        foreach (var group in http.GroupBy(r => (r.Result.Route, r.Result.Client)))
        {
            var rps = Results.Median(group.Select(r => r.Result.RequestsPerSecond));
            var p99 = Results.Median(group.Select(r => r.Result.P99Ms));
            var target = group.Key.Route != "GET /api/ledger";
            rows.Add(new Dictionary<string, object?>
            {
                ["route"] = group.Key.Route,
                ["client"] = group.Key.Client,
                ["connections"] = group.First().Result.Connections,
                ["runs"] = group.Count(),
                ["req_per_s"] = rps,
                ["p50_ms"] = Results.Median(group.Select(r => r.Result.P50Ms)),
                ["p90_ms"] = Results.Median(group.Select(r => r.Result.P90Ms)),
                ["p99_ms"] = p99,
                ["max_ms"] = Results.Median(group.Select(r => r.Result.MaxMs)),
                ["errors"] = group.Sum(r => r.Result.Errors),
                ["server_cpu_pct"] = Results.Median(group.Select(r => r.ServerCpuPercent)),
                ["client_cpu_pct"] = Results.Median(group.Select(r => 100 * r.Result.ClientCpuSeconds / r.Result.Seconds)),
                ["server_rss_mib"] = group.Max(r => r.ServerResidentMiB),
                ["load_before"] = group.Max(r => r.LoadBefore),
                ["target"] = target ? $">= {TargetRequestsPerSecond:0} req/s, p99 < {TargetP99Ms:0} ms" : "",
                ["met"] = target && !smoke ? rps >= TargetRequestsPerSecond && p99 < TargetP99Ms : null,
            });
        }
        if (events.Count > 0)
        {
            var e = events;
            var dropped = e.Sum(r => r.Dropped);
            var behind = e.Sum(r => r.Behind);
            rows.Add(new Dictionary<string, object?>
            {
                ["route"] = "GET /api/events",
                ["client"] = "built-in SSE reader",
                ["streams"] = e[0].Clients,
                ["runs"] = e.Count,
                ["connected"] = e.Min(r => r.Connected),
                ["dropped"] = dropped,
                ["behind"] = behind,
                ["missed_events"] = e.Sum(r => r.MissedIds),
                ["resets"] = e.Sum(r => r.Resets),
                ["published_per_s"] = Results.Median(e.Select(r => r.PublishedPerSecond)),
                ["per_stream_min_per_s"] = Results.Median(e.Select(r => r.MinPerClientPerSecond)),
                ["per_stream_median_per_s"] = Results.Median(e.Select(r => r.MedianPerClientPerSecond)),
                ["lag_p50_ms"] = Results.Median(e.Select(r => r.LagP50Ms)),
                ["lag_p99_ms"] = Results.Median(e.Select(r => r.LagP99Ms)),
                ["lag_max_ms"] = Results.Median(e.Select(r => r.LagMaxMs)),
                ["worst_stream_p99_ms"] = Results.Median(e.Select(r => r.WorstClientP99Ms)),
                ["publish_p99_ms"] = Results.Median(e.Select(r => r.Coordinator.PublishP99Ms)),
                ["server_cpu_pct"] = Results.Median(e.Select(r => r.Coordinator.CpuPercent)),
                ["server_rss_mib"] = Results.Median(e.Select(r => r.Coordinator.ResidentMiB)),
                ["server_peak_rss_mib"] = e.Max(r => r.Coordinator.PeakResidentMiB),
                ["server_gen2_gcs"] = Results.Median(e.Select(r => (double)r.Coordinator.Gen2)),
                ["client_cpu_pct"] = Results.Median(e.Select(r => r.ClientCpuPercent)),
                ["first_drop_s"] = Results.Median(e.Select(r => r.FirstDropSeconds)),
                ["lag_all_p50_ms"] = Results.Median(e.Select(r => r.LagAllP50Ms)),
                ["lag_all_p99_ms"] = Results.Median(e.Select(r => r.LagAllP99Ms)),
                ["events_per_read"] = Results.Median(e.Select(r => r.EventsPerRead)),
                ["bytes_per_event"] = Results.Median(e.Select(r => r.BytesPerEvent)),
                ["load_before"] = e.Max(r => r.LoadBefore),
                ["target"] = $"{e[0].Clients} streams live",
                ["met"] = smoke ? null : dropped == 0 && behind == 0 && e.All(r => r.Connected == r.Clients && r.WithErrors == 0),
            });
        }
        foreach (var row in rows)
        {
            if (row["met"] is bool met)
                summary.Add($"{row["route"]} ({row["client"]}): target {row["target"]}: {(met ? "met" : "MISSED")}");
        }
        return rows;
    }

    private static string Write(BenchmarkOptions cli, ApiFarm farm, List<Dictionary<string, object?>> rows, List<HttpRun> http, List<EventRun> events, object setup)
    {
        var httpTable = rows.Where(r => (string)r["route"]! != "GET /api/events").Select(r => (IReadOnlyDictionary<string, object?>)r.Where(kv => kv.Key is not ("target" or "met")).ToDictionary()).ToList();
        var eventTable = rows.Where(r => (string)r["route"]! == "GET /api/events").Select(r => (IReadOnlyDictionary<string, object?>)r.Where(kv => kv.Key is not ("target" or "met" or "route" or "client")).ToDictionary()).ToList();
        Console.WriteLine();
        Console.WriteLine($"medians of {cli.Runs} run(s); {ApiFarmSeeder.Describe(farm)}");
        Results.PrintTable(httpTable);
        Console.WriteLine();
        Results.PrintTable(eventTable);
        Directory.CreateDirectory(cli.OutputDirectory);
        var path = Path.Combine(cli.OutputDirectory, $"api-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = new
        {
            suite = "api",
            machine = MachineInfo.Snapshot(),
            runs = cli.Runs,
            smoke = cli.Smoke,
            setup,
            rows,
            perRun = new
            {
                http = http.Select(r => new
                {
                    run = r.Run, route = r.Result.Route, client = r.Result.Client, reqPerS = r.Result.RequestsPerSecond, p50Ms = r.Result.P50Ms, p99Ms = r.Result.P99Ms,
                    errors = r.Result.Errors, serverCpuPct = r.ServerCpuPercent, loadBefore = r.LoadBefore,
                }),
                events,
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Indented));
        Console.WriteLine($"results: {path}");
        return path;
    }

    /// <summary>
    /// The output is well-formed: the JSON reads back, every route has requests and no errors, every stream connected,
    /// reports were published, and (in the smoke) every stream received events. Speed, and streams dropped under the
    /// full load, are measurements, not failures: the targets are reported above.
    /// </summary>
    private static int Check(string path, string part, bool smoke)
    {
        // NaN and infinities are written as strings.
        static double Number(JsonElement row, string name) =>
            row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

        var problems = new List<string>();
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var routes = rows.Select(r => r.GetProperty("route").GetString()).ToHashSet();
        if (part is "all" or "http")
        {
            foreach (var route in new[] { "GET /api/jobs/{id}", "GET /api/printers?limit=100", "GET /api/ledger" })
            {
                if (!routes.Contains(route))
                    problems.Add($"no row for {route}");
            }
        }
        if (part is "all" or "events" && !routes.Contains("GET /api/events"))
            problems.Add("no row for GET /api/events");
        foreach (var row in rows)
        {
            var route = row.GetProperty("route").GetString();
            if (route == "GET /api/events")
            {
                if (Number(row, "connected") != Number(row, "streams"))
                    problems.Add("not every event stream connected");
                if (!(Number(row, "published_per_s") > 0))
                    problems.Add("no progress report was published");
                // A full run may see streams dropped: that is a measurement. The smoke's five streams must all get events.
                if (smoke && !(Number(row, "per_stream_min_per_s") > 0))
                    problems.Add("an event stream received nothing");
                if (smoke && !double.IsFinite(Number(row, "lag_p99_ms")))
                    problems.Add("no event lag measured");
            }
            else
            {
                if (!(Number(row, "req_per_s") > 0))
                    problems.Add($"{route}: no requests completed");
                if (Number(row, "errors") is not 0)
                    problems.Add($"{route}: {Number(row, "errors")} requests failed");
                if (!double.IsFinite(Number(row, "p99_ms")))
                    problems.Add($"{route}: no latency measured");
            }
        }
        foreach (var problem in problems)
            Console.WriteLine($"CHECK FAILED: {problem}");
        if (problems.Count == 0)
            Console.WriteLine(smoke ? "smoke: output well-formed" : "output well-formed");
        return problems.Count == 0 ? 0 : 1;
    }
}
