using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>One route under load: each request takes one of <see cref="Paths"/> at random.</summary>
internal sealed record RouteLoad(string Name, IReadOnlyList<string> Paths);

/// <summary>What one client measured on one route in its measuring window.</summary>
internal sealed record LoadResult(
    string Client, string Route, int Connections, double Seconds, long Requests, long Errors,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs, double ClientCpuSeconds)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// A closed-loop HTTP/1.1 client: <c>connections</c> workers on one <see cref="SocketsHttpHandler"/> (one kept-alive
/// connection each), each sending its next request as soon as the last answer's body is read. Requests that
/// complete inside the measuring window count; latency is from send to the last byte of the body.
/// </summary>
internal static class BuiltInLoadClient
{
    public const string Name = "built-in (SocketsHttpHandler)";

    public static async Task<LoadResult> RunAsync(Uri address, string apiKey, RouteLoad route, int connections, TimeSpan warmUp, TimeSpan window, int seed)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var uris = route.Paths.Select(p => new Uri(address, p)).ToArray();

        var frequency = Stopwatch.Frequency;
        var begin = Stopwatch.GetTimestamp();
        var windowStart = begin + (long)(warmUp.TotalSeconds * frequency);
        var windowEnd = windowStart + (long)(window.TotalSeconds * frequency);
        var histograms = new LatencyHistogram[connections];
        var errors = new long[connections];
        double cpuAtStart = double.NaN;
        var workers = new Task[connections];
        for (var w = 0; w < connections; w++)
        {
            var index = w;
            histograms[w] = new LatencyHistogram();
            workers[w] = Task.Run(async () =>
            {
                var random = new Random(seed * 1000 + index);
                var buffer = new byte[16 * 1024];
                var histogram = histograms[index];
                while (true)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (start >= windowEnd)
                        return;
                    var ok = false;
                    try
                    {
                        using var response = await client.GetAsync(uris[random.Next(uris.Length)], HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                        await using (body.ConfigureAwait(false))
                        {
                            while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
                            {
                            }
                        }
                        ok = response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                    }
                    var end = Stopwatch.GetTimestamp();
                    if (end >= windowStart && end < windowEnd)
                    {
                        histogram.RecordTicks(end - start);
                        if (!ok)
                            errors[index]++;
                    }
                }
            });
        }
        await Task.Delay(warmUp);
        cpuAtStart = ProcStats.CpuSeconds(Environment.ProcessId);
        await Task.Delay(window);
        var cpu = ProcStats.CpuSeconds(Environment.ProcessId) - cpuAtStart;
        await Task.WhenAll(workers);
        var all = new LatencyHistogram();
        foreach (var h in histograms)
            all.Add(h);
        return new LoadResult(Name, route.Name, connections, window.TotalSeconds, all.Count, errors.Sum(),
            all.PercentileMs(0.5), all.PercentileMs(0.9), all.PercentileMs(0.99), all.MaxMicroseconds / 1000.0, cpu);
    }
}

/// <summary>
/// Debian's <c>wrk</c> (<c>apt-get install wrk</c>), when installed: a closed-loop C client on epoll. A Lua script
/// picks each request's path at random from the route's list, sends the key, and prints wrk's own count and latency
/// percentiles as JSON. A first run of the warm-up's length is thrown away.
/// </summary>
internal static class WrkLoadClient
{
    public const string Path = "/usr/bin/wrk";

    public static bool Installed => File.Exists(Path);

    public static string Name(int threads) => $"wrk ({threads} thread{(threads == 1 ? "" : "s")})";

    public static async Task<LoadResult> RunAsync(Uri address, string apiKey, RouteLoad route, int connections, int threads, TimeSpan warmUp, TimeSpan window, string workDirectory)
    {
        var script = System.IO.Path.Combine(workDirectory, $"wrk-{route.Name.Replace('/', '_').Replace(' ', '_')}.lua");
        await File.WriteAllTextAsync(script, Script(apiKey, route.Paths));
        if (warmUp > TimeSpan.Zero)
            await RunOnceAsync(address, connections, threads, warmUp, script);
        var (json, cpu) = await RunOnceAsync(address, connections, threads, window, script);
        var errors = json.GetProperty("connect").GetInt64() + json.GetProperty("read").GetInt64() + json.GetProperty("write").GetInt64()
            + json.GetProperty("status").GetInt64() + json.GetProperty("timeout").GetInt64();
        var seconds = json.GetProperty("duration_us").GetDouble() / 1e6;
        return new LoadResult(Name(threads), route.Name, connections, seconds, json.GetProperty("requests").GetInt64(), errors,
            json.GetProperty("p50_us").GetDouble() / 1000, json.GetProperty("p90_us").GetDouble() / 1000, json.GetProperty("p99_us").GetDouble() / 1000,
            json.GetProperty("max_us").GetDouble() / 1000, cpu);
    }

    private static async Task<(JsonElement Json, double CpuSeconds)> RunOnceAsync(Uri address, int connections, int threads, TimeSpan duration, string script)
    {
        // /usr/bin/time reports wrk's own CPU time, to show whether the client is the bottleneck.
        var timed = File.Exists("/usr/bin/time");
        var info = new ProcessStartInfo(timed ? "/usr/bin/time" : Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (timed)
        {
            info.ArgumentList.Add("-f");
            info.ArgumentList.Add("WRKCPU %U %S");
            info.ArgumentList.Add(Path);
        }
        foreach (var arg in new[]
                 {
                     "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s",
                     "--timeout", "10s", "-s", script, address.ToString().TrimEnd('/'),
                 })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start wrk");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        var error = await stderr;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRKJSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}):\n{output}\n{error}");
        var cpu = double.NaN;
        var cpuLine = error.Split('\n').FirstOrDefault(l => l.StartsWith("WRKCPU ", StringComparison.Ordinal));
        if (cpuLine is not null)
        {
            var parts = cpuLine.Split(' ');
            cpu = double.Parse(parts[1], CultureInfo.InvariantCulture) + double.Parse(parts[2], CultureInfo.InvariantCulture);
        }
        return (JsonDocument.Parse(line["WRKJSON ".Length..]).RootElement.Clone(), cpu);
    }

    private static string Script(string apiKey, IReadOnlyList<string> paths)
    {
        var lua = new StringBuilder();
        lua.Append("wrk.headers[\"X-Api-Key\"] = \"").Append(apiKey).Append("\"\n");
        lua.Append("local paths = {\n");
        foreach (var path in paths)
            lua.Append("  \"").Append(path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\",\n");
        lua.Append("}\n");
        lua.Append("""
            local n = #paths
            local counter = 1
            function setup(thread)
              thread:set("thread_number", counter)
              counter = counter + 1
            end
            function init(args)
              math.randomseed(thread_number * 7919 + os.time())
            end
            function request()
              return wrk.format("GET", paths[math.random(n)])
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
                '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end

            """);
        return lua.ToString();
    }
}
