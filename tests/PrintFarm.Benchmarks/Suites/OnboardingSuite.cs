using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Hosting;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>onboarding</c>: <c>--makers</c> (2,500) makers brought in through the API of one coordinator (<see cref="ServeHost"/>
/// in this process, SQLite file store, Kestrel on loopback): for each, staff make an invitation
/// (<c>POST /api/invitations</c>), the maker joins with its code (<c>POST /api/join</c>) and registers a printer from a
/// preset (<c>POST /api/printers</c>, the first printer of a new agent, so its agent key is made too), with
/// <c>--clients</c> (8) makers going at once. Reports the wall time (target under 5 minutes) and each step's p50, p99
/// and max.
/// </summary>
internal static class OnboardingSuite
{
    private const double TargetSeconds = 300;
    private static readonly string[] Presets = ["mk3s", "mk4", "mini", "ender-3", "ender-3-v2", "voron-2.4"];

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var smoke = cli.Smoke;
        var makers = cli.Int("makers", smoke ? 100 : 2_500);
        var clients = cli.Int("clients", 8);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var run = 1; run <= cli.Runs; run++)
            rows.Add(await RunOnceAsync(run, makers, clients));
        Results.Write(cli, "onboarding", rows);
        return rows.All(r => (double)r["seconds"]! < TargetSeconds && (long)r["failures"]! == 0) ? 0 : 1;
    }

    private static async Task<IReadOnlyDictionary<string, object?>> RunOnceAsync(int run, int makers, int clients)
    {
        var data = Path.Combine(Path.GetTempPath(), "printfarm-bench-onboarding-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        Environment.SetEnvironmentVariable("PRINTFARM__MQTT__PORT", CoordinatorProcess.FreePort().ToString(CultureInfo.InvariantCulture));
        var options = ServeConfigLoader.Load(null, new Dictionary<string, string?>
        {
            [nameof(ServeOptions.Urls)] = "http://127.0.0.1:0",
            [nameof(ServeOptions.DataDirectory)] = data,
            ["Join:JoinsPerMinute"] = "10000",
            ["Join:ChecksPerMinute"] = "10000",
        });
        var load = ProcStats.LoadAverage();
        var app = ServeHost.Build(options, logging => logging.SetMinimumLevel(LogLevel.Error));
        try
        {
            await using (app)
            {
                await app.StartAsync();
                var address = new Uri(app.Urls.First());
                var admin = (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim();
                using var staff = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
                staff.DefaultRequestHeaders.Add("X-Api-Key", admin);
                using (var node = await staff.PostAsJsonAsync("/api/nodes", new { id = "node-gracia", name = "Punt de recollida Gràcia" }))
                    node.EnsureSuccessStatusCode();
                using var anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
                var invite = new LatencyHistogram();
                var join = new LatencyHistogram();
                var register = new LatencyHistogram();
                long failures = 0;
                var next = -1;
                var cpuBefore = ProcStats.CpuSeconds(Environment.ProcessId);
                var wall = Stopwatch.StartNew();
                Console.WriteLine($"run {run}: {makers} makers, {clients} at once, against {address} (SQLite), load average {load:0.00}");
                var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < makers)
                    {
                        try
                        {
                            var t = Stopwatch.GetTimestamp();
                            string code;
                            using (var made = await staff.PostAsJsonAsync("/api/invitations", new { node = "node-gracia", batch = "bench" }))
                            {
                                made.EnsureSuccessStatusCode();
                                code = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invitations")[0].GetProperty("code").GetString()!;
                            }
                            invite.RecordTicks(Stopwatch.GetTimestamp() - t);
                            t = Stopwatch.GetTimestamp();
                            string key;
                            using (var joined = await anonymous.PostAsJsonAsync("/api/join", new { code, displayName = $"Maker {i % 500}", acceptTerms = true }))
                            {
                                joined.EnsureSuccessStatusCode();
                                key = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
                            }
                            join.RecordTicks(Stopwatch.GetTimestamp() - t);
                            t = Stopwatch.GetTimestamp();
                            using var printer = new HttpRequestMessage(HttpMethod.Post, "/api/printers")
                            {
                                Content = JsonContent.Create(new { preset = Presets[i % Presets.Length], name = $"printer of maker {i}" }),
                            };
                            printer.Headers.Add("X-Api-Key", key);
                            using (var registered = await anonymous.SendAsync(printer))
                                registered.EnsureSuccessStatusCode();
                            register.RecordTicks(Stopwatch.GetTimestamp() - t);
                        }
                        catch (HttpRequestException e)
                        {
                            if (Interlocked.Increment(ref failures) <= 3)
                                Console.WriteLine($"maker {i}: {e.Message}");
                        }
                    }
                })).ToList();
                await Task.WhenAll(workers);
                var seconds = wall.Elapsed.TotalSeconds;
                var cpu = 100 * (ProcStats.CpuSeconds(Environment.ProcessId) - cpuBefore) / seconds;
                Console.WriteLine($"run {run}: {makers} makers in {seconds:0.0} s ({failures} failed); invitation p99 {invite.PercentileMs(0.99):0.0} ms, "
                    + $"join p99 {join.PercentileMs(0.99):0.0} ms, printer p99 {register.PercentileMs(0.99):0.0} ms; process CPU {cpu:0}%");
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await app.StopAsync(stop.Token);
                return new Dictionary<string, object?>
                {
                    ["run"] = run, ["makers"] = makers, ["clients"] = clients, ["seconds"] = seconds, ["targetSeconds"] = TargetSeconds, ["failures"] = failures,
                    ["makersPerSecond"] = makers / seconds,
                    ["invitationP50Ms"] = invite.PercentileMs(0.5), ["invitationP99Ms"] = invite.PercentileMs(0.99), ["invitationMaxMs"] = invite.MaxMicroseconds / 1000.0,
                    ["joinP50Ms"] = join.PercentileMs(0.5), ["joinP99Ms"] = join.PercentileMs(0.99), ["joinMaxMs"] = join.MaxMicroseconds / 1000.0,
                    ["printerP50Ms"] = register.PercentileMs(0.5), ["printerP99Ms"] = register.PercentileMs(0.99), ["printerMaxMs"] = register.MaxMicroseconds / 1000.0,
                    ["cpuPercent"] = cpu, ["loadBefore"] = load,
                };
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
