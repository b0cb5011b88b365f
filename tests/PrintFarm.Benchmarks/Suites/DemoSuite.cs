using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using PrintFarm.Benchmarks.Infrastructure;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>demo</c>: the README's demo farm (<c>samples/barcelona/farm.json</c>) as a new user starts it. Samples every
/// printer every <c>--every</c> seconds (default 3) for <c>--seconds</c> (default 90) and reports the share of printer
/// time spent <c>ready</c> while work it could print waited (owed parts or queued jobs of a design it fits a variant of), and how long after start each printer that
/// can print a design in demand (and is not waiting for a person to clear its bed) first printed. <c>--printfarm-dll PATH</c> measures another build the same way.
/// </summary>
internal static class DemoSuite
{
    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var seconds = cli.Double("seconds", cli.Smoke ? 15 : 90);
        var every = TimeSpan.FromSeconds(cli.Double("every", 3));
        var config = Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "barcelona", "farm.json");
        var dll = cli.String("printfarm-dll", "");
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var run = 0; run < cli.Runs; run++)
        {
            var data = Path.Combine(Path.GetTempPath(), "printfarm-demo-" + Guid.NewGuid().ToString("N"));
            var started = Stopwatch.StartNew();
            var coordinator = await CoordinatorProcess.StartAsync(data, TimeSpan.FromSeconds(120), extraArguments: ["--config", config],
                dll: dll.Length == 0 ? null : dll);
            using var http = new HttpClient { BaseAddress = coordinator.Address, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", coordinator.AdminKey);
            var variants = await VariantsAsync(http);
            var firstPrinting = new Dictionary<string, double>(StringComparer.Ordinal);
            var capable = new HashSet<string>(StringComparer.Ordinal);
            int samples = 0, printerSamples = 0, idleWhileOwed = 0;
            while (started.Elapsed.TotalSeconds < seconds)
            {
                var owed = await OwedDesignsAsync(http);
                var printers = (await http.GetFromJsonAsync<JsonElement>("/api/printers?limit=500")).GetProperty("items").EnumerateArray().ToList();
                samples++;
                foreach (var p in printers)
                {
                    var id = p.GetProperty("id").GetString()!;
                    var state = p.GetProperty("state").GetString();
                    var fits = owed.Any(design => variants.Where(v => v.Design == design).Any(v => v.Fits(p.GetProperty("capabilities"))));
                    // A printer waiting for a person (a bed to clear) or away cannot take work: it is not counted as able to.
                    if (fits && state is "ready" or "printing" or "paused")
                        capable.Add(id);
                    if (state is "printing" or "paused" || p.GetProperty("job").ValueKind == JsonValueKind.Object)
                        firstPrinting.TryAdd(id, started.Elapsed.TotalSeconds);
                    if (state is "offline" or "maintenance" or "error")
                        continue;
                    printerSamples++;
                    if (state == "ready" && p.GetProperty("job").ValueKind != JsonValueKind.Object && fits)
                        idleWhileOwed++;
                }
                await Task.Delay(every);
            }
            var idleShare = printerSamples == 0 ? 0 : idleWhileOwed / (double)printerSamples;
            var slowest = capable.Select(id => firstPrinting.GetValueOrDefault(id, double.PositiveInfinity)).DefaultIfEmpty(0).Max();
            var never = capable.Where(id => !firstPrinting.ContainsKey(id)).ToList();
            if (never.Count > 0)
                Console.WriteLine($"run {run + 1}: never printed although they could: {string.Join(", ", never)}");
            Console.WriteLine($"run {run + 1}: {samples} samples over {seconds:0} s: ready while work was owed {idleShare:P1} of printer time; "
                + $"{capable.Count} printers could print owed work, the last of them first printed {slowest:0.0} s after start");
            rows.Add(new Dictionary<string, object?>
            {
                ["run"] = run + 1, ["seconds"] = seconds, ["samples"] = samples, ["ready_while_owed_share"] = idleShare,
                ["target_ready_while_owed_share"] = 0.05, ["capable_printers"] = capable.Count,
                ["last_capable_first_printing_s"] = double.IsInfinity(slowest) ? -1 : slowest, ["target_first_printing_s"] = 30.0,
            });
            await coordinator.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        Results.Write(cli, "demo", rows);
        return 0;
    }

    /// <summary>
    /// Designs with work waiting: parts still owed on the ledger, or queued jobs (a build that plans jobs ahead keeps its
    /// waiting work there). A printer that fits any variant of such a design could be printing it.
    /// </summary>
    private static async Task<HashSet<string>> OwedDesignsAsync(HttpClient http)
    {
        var owed = (await http.GetFromJsonAsync<JsonElement>("/api/ledger")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("uncovered").GetInt64() > 0)
            .Select(i => i.GetProperty("designId").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var job in (await http.GetFromJsonAsync<JsonElement>("/api/jobs?state=queued&limit=500")).GetProperty("items").EnumerateArray())
        {
            if (job.TryGetProperty("designId", out var design) && design.GetString() is { } id)
                owed.Add(id);
        }
        return owed;
    }

    private static async Task<List<VariantFit>> VariantsAsync(HttpClient http)
    {
        var designs = (await http.GetFromJsonAsync<JsonElement>("/api/designs?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var result = new List<VariantFit>();
        foreach (var design in designs)
        {
            var id = design.GetProperty("id").GetString()!;
            var full = await http.GetFromJsonAsync<JsonElement>($"/api/designs/{Uri.EscapeDataString(id)}");
            foreach (var v in full.GetProperty("variants").EnumerateArray())
            {
                result.Add(new VariantFit(id, v.GetProperty("profile").GetString()!, v.GetProperty("material").GetString()!, v.GetProperty("nozzleMm").GetDouble(),
                    v.GetProperty("minBedXMm").GetDouble(), v.GetProperty("minBedYMm").GetDouble()));
            }
        }
        return result;
    }

    private sealed record VariantFit(string Design, string Profile, string Material, double NozzleMm, double MinBedXMm, double MinBedYMm)
    {
        public bool Fits(JsonElement c) =>
            string.Equals(c.GetProperty("profile").GetString(), Profile, StringComparison.OrdinalIgnoreCase)
            && string.Equals(c.GetProperty("material").GetString(), Material, StringComparison.OrdinalIgnoreCase)
            && Math.Abs(c.GetProperty("nozzleMm").GetDouble() - NozzleMm) < 0.001
            && c.GetProperty("bedXMm").GetDouble() >= MinBedXMm && c.GetProperty("bedYMm").GetDouble() >= MinBedYMm;
    }
}
