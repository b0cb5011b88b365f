using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Hosting;
using PrintFarm.Coordinator.Webhooks;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>webhooks</c>: the fan-out of farm events to webhooks. Part one (<c>fanout</c>) starts the real coordinator
/// (<see cref="ServeHost"/>, SQLite file store, Kestrel on loopback) in this process, registers
/// <c>--webhooks</c> (20) webhooks through the API pointing at a local receiver (<see cref="WebhookReceiver"/>), and
/// drives <c>--rate</c> (1,000) printer state changes a second (error and needs-bed-clear in turn, each its own
/// commit through <see cref="PrinterRegistry"/>), so every one goes through the change feed, the event source, the
/// outbox and the deliverer; it reports the lag from each event's <c>at</c> to its arrival (p50, p99, max),
/// deliveries/s, deliveries lost (never arrived within <c>--drain</c> seconds after the window) and events dropped by
/// the full queue. It runs twice: every receiver healthy, then one of the webhooks pointed at a receiver that accepts
/// and never answers (the lag is then the healthy ones'). Part two (<c>api</c>) runs the <c>api</c> suite's HTTP
/// workload (<see cref="ApiSuite.HttpRunAsync"/>) on its seeded farm twice in one run, both times with
/// <c>--api-events</c> (100) maintenance moves a second through the API: without webhooks, and with 20 webhooks of
/// which one never answers; it reports the ratio of the figures.
/// Options: <c>--printers N</c>, <c>--rate N</c>, <c>--webhooks N</c>, <c>--warmup S</c>, <c>--window S</c>,
/// <c>--drain S</c>, <c>--part fanout|api|all</c>, <c>--api-printers N</c>, <c>--api-jobs N</c>, <c>--api-events N</c>,
/// <c>--connections N</c>, <c>--client wrk|builtin</c>.
/// </summary>
internal static class WebhooksSuite
{
    private const double TargetRate = 1_000;
    private const double TargetP99Ms = 1_000;
    private static readonly string[] Kinds = ["printer.error", "printer.needs-bed-clear"];
    private static readonly JsonSerializerOptions Indented = new(EventStreamCoordinator.Json) { WriteIndented = true };

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var smoke = cli.Smoke;
        var part = cli.String("part", "all");
        var printers = cli.Int("printers", smoke ? 100 : 1_000);
        var rate = cli.Double("rate", smoke ? 200 : TargetRate);
        var hooks = cli.Int("webhooks", smoke ? 5 : 20);
        var warmUp = TimeSpan.FromSeconds(cli.Double("warmup", smoke ? 1 : 3));
        var window = TimeSpan.FromSeconds(cli.Double("window", smoke ? 2 : 20));
        var drain = TimeSpan.FromSeconds(cli.Double("drain", smoke ? 10 : 30));

        var root = Path.Combine(Path.GetTempPath(), "printfarm-bench-webhooks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var fanout = new List<FanoutRun>();
        var api = new List<ApiPair>();
        try
        {
            if (part is "all" or "fanout")
            {
                Console.WriteLine($"load average {ProcStats.LoadAverage():0.00}; seeding {printers} printers (SQLite)...");
                var seed = Path.Combine(root, "fanout-seed");
                Directory.CreateDirectory(seed);
                await using (var store = SqliteFarmStore.InDirectory(seed))
                {
                    await store.MigrateAsync();
                    await FarmSeeder.SeedAsync(store, seed, printers, 0, 0, seed: 1);
                }
                for (var run = 1; run <= cli.Runs; run++)
                {
                    foreach (var down in new[] { 0, 1 })
                        fanout.Add(await FanoutRunAsync(run, seed, root, printers, rate, hooks, down, warmUp, window, drain));
                }
            }
            if (part is "all" or "api")
                api.AddRange(await ApiPartAsync(cli, root, smoke));
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
        return Write(cli, fanout, api, new { printers, rate, webhooks = hooks, warmUpSeconds = warmUp.TotalSeconds, windowSeconds = window.TotalSeconds, drainSeconds = drain.TotalSeconds });
    }

    private sealed record FanoutRun(
        int Run, int Down, long Events, double EventsPerSecond, long Expected, long Received, long Lost, long Duplicates, long Dropped,
        double DeliveriesPerSecond, double P50Ms, double P99Ms, double MaxMs, double DrainSeconds, double CpuPercent, double CommitP99Ms, int SilentConnections, double LoadBefore);

    private static async Task<FanoutRun> FanoutRunAsync(
        int run, string seed, string root, int printers, double rate, int hooks, int down, TimeSpan warmUp, TimeSpan window, TimeSpan drain)
    {
        var data = Path.Combine(root, $"fanout-{run}-{down}");
        ApiFarmSeeder.Copy(seed, data);
        var load = ProcStats.LoadAverage();
        Environment.SetEnvironmentVariable("PRINTFARM__MQTT__PORT", CoordinatorProcess.FreePort().ToString(CultureInfo.InvariantCulture));
        var options = ServeConfigLoader.Load(null, new Dictionary<string, string?>
        {
            [nameof(ServeOptions.Urls)] = "http://127.0.0.1:0",
            [nameof(ServeOptions.DataDirectory)] = data,
        });
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var silent = new SilentReceiver();
        var app = ServeHost.Build(options, logging => logging.SetMinimumLevel(LogLevel.Error));
        await using (app)
        {
            await app.StartAsync();
            var address = new Uri(app.Urls.First());
            var key = (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim();
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            for (var n = 0; n < hooks; n++)
            {
                var url = n < down ? new Uri(silent.Address, $"/hook/{n}") : new Uri(receiver.Address, $"/hook/{n}");
                using var created = await http.PostAsJsonAsync("/api/webhooks", new { url = url.ToString(), events = Kinds });
                if (!created.IsSuccessStatusCode)
                    throw new InvalidOperationException($"adding webhook {n}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            }
            var registry = app.Services.GetRequiredService<PrinterRegistry>();
            var source = app.Services.GetRequiredService<WebhookEventSource>();
            var ids = Enumerable.Range(0, printers).Select(i => $"printer-{i:00000}").ToArray();
            var state = new Dictionary<string, PrinterState>(StringComparer.Ordinal);
            foreach (var id in ids)
                state[id] = (await registry.GetAsync(id))!.State;

            var start = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
            receiver.SetWindow(start + warmUp, start + warmUp + window);
            Console.WriteLine($"run {run}: coordinator on {address}, {hooks} webhooks ({down} never answering), {rate:0} events/s over {printers} printers, load average {load:0.00}");
            var cpuBefore = ProcStats.CpuSeconds(Environment.ProcessId);
            var (events, inWindow, commitP99) = await DriveAsync(registry, ids, state, rate, start, warmUp, warmUp + window);
            var cpu = 100 * (ProcStats.CpuSeconds(Environment.ProcessId) - cpuBefore) / (warmUp + window).TotalSeconds;
            var healthy = hooks - down;
            var expected = events * healthy;
            var drained = Stopwatch.StartNew();
            while (receiver.Unique < expected && drained.Elapsed < drain)
                await Task.Delay(100);
            var drainSeconds = drained.Elapsed.TotalSeconds;
            var dropped = source.Dropped;
            var lags = receiver.Lags();
            var result = new FanoutRun(run, down, events, inWindow / window.TotalSeconds, expected, receiver.Unique, Math.Max(0, expected - receiver.Unique), receiver.Duplicates, dropped,
                receiver.ArrivedInWindow / window.TotalSeconds, Percentile(lags, 0.5), Percentile(lags, 0.99), lags.Length == 0 ? double.NaN : lags[^1], drainSeconds, cpu, commitP99,
                silent.Connections, load);
            Console.WriteLine($"run {run}, {down} down: {events} events ({result.EventsPerSecond:0}/s in the window), {result.Received} of {expected} deliveries arrived ({result.Lost} lost, "
                + $"{result.Duplicates} twice), {dropped} events dropped; {result.DeliveriesPerSecond:0} deliveries/s; lag p50 {result.P50Ms:0} ms, p99 {result.P99Ms:0} ms, max {result.MaxMs:0} ms; "
                + $"drained in {drainSeconds:0.0} s; commit p99 {commitP99:0.0} ms; process CPU {cpu:0}%; silent receiver connections {silent.Connections}");
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(stop.Token);
            return result;
        }
    }

    /// <summary>
    /// Moves printers between error and needs-bed-clear, <paramref name="rate"/> moves a second on an even schedule
    /// from <paramref name="start"/>, from four writers with printers of their own; each move is one commit.
    /// </summary>
    private static async Task<(long Events, long InWindow, double CommitP99Ms)> DriveAsync(
        PrinterRegistry registry, string[] ids, Dictionary<string, PrinterState> state, double rate, DateTimeOffset start, TimeSpan warmUp, TimeSpan length)
    {
        const int Writers = 4;
        var commits = new LatencyHistogram();
        long events = 0, inWindow = 0;
        var delay = start - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
            await Task.Delay(delay);
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var mine = ids.Where((_, i) => i % Writers == w).ToArray();
            var states = mine.ToDictionary(id => id, id => state[id], StringComparer.Ordinal);
            var perWriter = rate / Writers;
            long k = 0;
            while (clock.Elapsed < length)
            {
                var due = TimeSpan.FromSeconds(k / perWriter);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                    await Task.Delay(wait);
                var id = mine[k % mine.Length];
                var to = states[id] == PrinterState.Error ? PrinterState.NeedsBedClear : PrinterState.Error;
                var t0 = Stopwatch.GetTimestamp();
                await registry.SetStateAsync(id, to, "bench", "webhook benchmark");
                states[id] = to;
                var ticks = Stopwatch.GetTimestamp() - t0;
                lock (commits)
                {
                    commits.RecordTicks(ticks);
                    events++;
                    if (clock.Elapsed >= warmUp)
                        inWindow++;
                }
                k++;
            }
        })).ToList();
        await Task.WhenAll(writers).WaitAsync(length + TimeSpan.FromSeconds(60));
        return (events, inWindow, commits.PercentileMs(0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record ApiPair(string Setup, ApiSuite.HttpRun Row, long EventsDriven, long Delivered);

    /// <summary>The api suite's HTTP runs, without webhooks and then with 20 of which one never answers, the same event load both times.</summary>
    private static async Task<List<ApiPair>> ApiPartAsync(BenchmarkOptions cli, string root, bool smoke)
    {
        var printers = cli.Int("api-printers", smoke ? 50 : 2_500);
        var jobs = cli.Int("api-jobs", smoke ? 200 : printers * 4);
        var connections = cli.Int("connections", smoke ? 8 : 32);
        var warmUp = TimeSpan.FromSeconds(cli.Double("api-warmup", smoke ? 0.5 : 3));
        var window = TimeSpan.FromSeconds(cli.Double("api-window", smoke ? 1 : 10));
        var events = cli.Double("api-events", smoke ? 20 : 100);
        var hooks = cli.Int("webhooks", smoke ? 5 : 20);
        var client = cli.String("client", WrkLoadClient.Installed ? "wrk" : "builtin");
        Console.WriteLine($"seeding the api suite's farm: {printers} printers, about {jobs} jobs...");
        var farm = await ApiFarmSeeder.SeedAsync(Path.Combine(root, "api-seed"), printers, jobs, seed: 1);
        Console.WriteLine(ApiFarmSeeder.Describe(farm));
        var routes = ApiSuite.Routes(farm);
        var idle = farm.Reporters.Where(r => r.JobId is null).Select(r => r.PrinterId).ToArray();
        var pairs = new List<ApiPair>();
        for (var run = 1; run <= cli.Runs; run++)
        {
            foreach (var withHooks in new[] { false, true })
            {
                var setup = withHooks ? $"{hooks} webhooks, 1 never answering" : "no webhooks";
                await using var receiver = await WebhookReceiver.StartAsync();
                await using var silent = new SilentReceiver();
                EventLoad? driver = null;
                var rows = await ApiSuite.HttpRunAsync(run, farm, root, routes, client, connections, 1, warmUp, window, ProcStats.LoadAverage(), async coordinator =>
                {
                    using var http = Client(coordinator);
                    if (withHooks)
                    {
                        for (var n = 0; n < hooks; n++)
                        {
                            var url = n == 0 ? new Uri(silent.Address, "/hook/0") : new Uri(receiver.Address, $"/hook/{n}");
                            using var created = await http.PostAsJsonAsync("/api/webhooks", new { url = url.ToString(), events = Kinds });
                            created.EnsureSuccessStatusCode();
                        }
                    }
                    driver = new EventLoad(Client(coordinator), idle, events);
                    return driver;
                }, name: withHooks ? "hooks" : "plain");
                Console.WriteLine($"run {run}, {setup}: {driver?.Events ?? 0} events driven, {receiver.Unique} deliveries arrived, {driver?.Errors ?? 0} driver errors");
                pairs.AddRange(rows.Select(r => new ApiPair(setup, r, driver?.Events ?? 0, receiver.Unique)));
            }
        }
        return pairs;
    }

    private static HttpClient Client(CoordinatorProcess coordinator)
    {
        var http = new HttpClient { BaseAddress = coordinator.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", coordinator.AdminKey);
        return http;
    }

    /// <summary>Printers through maintenance and back to needs-bed-clear via the API: one event (needs-bed-clear) per pair of requests.</summary>
    private sealed class EventLoad : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _events;
        private long _errors;

        public EventLoad(HttpClient http, string[] printers, double rate)
        {
            _http = http;
            _loop = Task.Run(() => LoopAsync(printers, rate));
        }

        public long Events => Interlocked.Read(ref _events);

        public long Errors => Interlocked.Read(ref _errors);

        private async Task LoopAsync(string[] printers, double rate)
        {
            if (printers.Length == 0 || rate <= 0)
                return;
            var clock = Stopwatch.StartNew();
            long k = 0;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var wait = TimeSpan.FromSeconds(k / rate) - clock.Elapsed;
                    if (wait > TimeSpan.FromMilliseconds(1))
                        await Task.Delay(wait, _stop.Token);
                    var id = printers[k % printers.Length];
                    k++;
                    using var into = await _http.PostAsJsonAsync($"/api/printers/{id}/actions/maintenance", new { done = false }, _stop.Token);
                    using var back = await _http.PostAsJsonAsync($"/api/printers/{id}/actions/maintenance", new { done = true }, _stop.Token);
                    if (into.IsSuccessStatusCode && back.IsSuccessStatusCode)
                        Interlocked.Increment(ref _events);
                    else
                        Interlocked.Increment(ref _errors);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _errors);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop.WaitAsync(TimeSpan.FromSeconds(30));
            _http.Dispose();
            _stop.Dispose();
        }
    }

    private static int Write(BenchmarkOptions cli, List<FanoutRun> fanout, List<ApiPair> api, object setup)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var group in fanout.GroupBy(r => r.Down))
        {
            var g = group.ToList();
            var p99 = Results.Median(g.Select(r => r.P99Ms));
            var perSecond = Results.Median(g.Select(r => r.EventsPerSecond));
            rows.Add(new Dictionary<string, object?>
            {
                ["part"] = "fanout",
                ["receivers"] = group.Key == 0 ? "all healthy" : $"{group.Key} never answering",
                ["runs"] = g.Count,
                ["events_per_s"] = perSecond,
                ["deliveries_per_s"] = Results.Median(g.Select(r => r.DeliveriesPerSecond)),
                ["lag_p50_ms"] = Results.Median(g.Select(r => r.P50Ms)),
                ["lag_p99_ms"] = p99,
                ["lag_max_ms"] = Results.Median(g.Select(r => r.MaxMs)),
                ["received"] = g.Sum(r => r.Received),
                ["lost"] = g.Sum(r => r.Lost),
                ["twice"] = g.Sum(r => r.Duplicates),
                ["dropped_events"] = g.Sum(r => r.Dropped),
                ["drain_s"] = Results.Median(g.Select(r => r.DrainSeconds)),
                ["commit_p99_ms"] = Results.Median(g.Select(r => r.CommitP99Ms)),
                ["cpu_pct"] = Results.Median(g.Select(r => r.CpuPercent)),
                ["load_before"] = g.Max(r => r.LoadBefore),
                ["met"] = cli.Smoke ? null : perSecond >= 0.95 * TargetRate && p99 < TargetP99Ms && g.All(r => r.Lost == 0 && r.Dropped == 0),
            });
        }
        foreach (var route in api.GroupBy(p => p.Row.Result.Route))
        {
            var plain = route.Where(p => p.Setup == "no webhooks").ToList();
            var hooked = route.Where(p => p.Setup != "no webhooks").ToList();
            var rpsPlain = Results.Median(plain.Select(p => p.Row.Result.RequestsPerSecond));
            var rpsHooked = Results.Median(hooked.Select(p => p.Row.Result.RequestsPerSecond));
            var p99Plain = Results.Median(plain.Select(p => p.Row.Result.P99Ms));
            var p99Hooked = Results.Median(hooked.Select(p => p.Row.Result.P99Ms));
            rows.Add(new Dictionary<string, object?>
            {
                ["part"] = "api",
                ["route"] = route.Key,
                ["runs"] = plain.Count,
                ["req_per_s_plain"] = rpsPlain,
                ["req_per_s_hooks"] = rpsHooked,
                ["req_ratio"] = rpsHooked / rpsPlain,
                ["p99_ms_plain"] = p99Plain,
                ["p99_ms_hooks"] = p99Hooked,
                ["p99_ratio"] = p99Hooked / p99Plain,
                ["errors"] = route.Sum(p => p.Row.Result.Errors),
                ["events_driven"] = Results.Median(route.Select(p => (double)p.EventsDriven)),
                ["deliveries_hooks"] = Results.Median(hooked.Select(p => (double)p.Delivered)),
            });
        }
        Console.WriteLine();
        Console.WriteLine($"medians of {cli.Runs} run(s)");
        Results.PrintTable(rows.Where(r => (string)r["part"]! == "fanout").Select(r => (IReadOnlyDictionary<string, object?>)r).ToList());
        Console.WriteLine();
        Results.PrintTable(rows.Where(r => (string)r["part"]! == "api").Select(r => (IReadOnlyDictionary<string, object?>)r).ToList());
        Directory.CreateDirectory(cli.OutputDirectory);
        var path = Path.Combine(cli.OutputDirectory, $"webhooks-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = new
        {
            suite = "webhooks",
            machine = MachineInfo.Snapshot(),
            runs = cli.Runs,
            smoke = cli.Smoke,
            setup,
            rows,
            perRun = new
            {
                fanout,
                api = api.Select(p => new { p.Setup, p.Row.Run, p.Row.Result.Route, p.Row.Result.RequestsPerSecond, p.Row.Result.P99Ms, p.Row.Result.Errors, p.EventsDriven, p.Delivered }),
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Indented));
        Console.WriteLine($"results: {path}");

        var problems = new List<string>();
        foreach (var row in rows.Where(r => (string)r["part"]! == "fanout"))
        {
            if (!((long)row["received"]! > 0))
                problems.Add($"fanout, {row["receivers"]}: nothing delivered");
            if ((long)row["lost"]! > 0 && cli.Smoke)
                problems.Add($"fanout, {row["receivers"]}: {row["lost"]} deliveries lost");
        }
        foreach (var row in rows.Where(r => (string)r["part"]! == "api"))
        {
            if ((long)row["errors"]! > 0)
                problems.Add($"api, {row["route"]}: {row["errors"]} requests failed");
            if (!double.IsFinite((double)row["req_ratio"]!))
                problems.Add($"api, {row["route"]}: no ratio");
        }
        foreach (var row in rows.Where(r => r.GetValueOrDefault("met") is bool))
            Console.WriteLine($"fanout, {row["receivers"]}: target {TargetRate:0} events/s, p99 < {TargetP99Ms:0} ms, none lost: {((bool)row["met"]! ? "met" : "MISSED")}");
        foreach (var problem in problems)
            Console.WriteLine($"CHECK FAILED: {problem}");
        return problems.Count == 0 ? 0 : 1;
    }
}
