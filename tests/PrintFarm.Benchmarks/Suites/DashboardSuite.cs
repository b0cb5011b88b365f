using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using PrintFarm.Benchmarks.Infrastructure;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// The dashboard in Debian's Chromium against a big farm (issue 15): 2,500 printers and 200 open demands, the
/// coordinator warm. Two numbers, measured through the DevTools protocol: how long the first render takes (from
/// navigation start until every card and the demand board are on the page), and how busy the page's main thread is
/// while 50 progress events a second arrive (the DevTools <c>TaskDuration</c> over the window's wall time).
/// </summary>
internal static class DashboardSuite
{
    private const double TargetFirstRenderMs = 1_500;
    private const double TargetBusyPercent = 30;

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var smoke = cli.Smoke;
        var printers = cli.Int("printers", smoke ? 100 : 2_500);
        var demands = cli.Int("demands", smoke ? 20 : 200);
        var rate = cli.Double("rate", 50);
        var window = TimeSpan.FromSeconds(cli.Double("window", smoke ? 3 : 10));
        var renders = cli.Int("renders", smoke ? 2 : 5);
        var chromium = cli.String("chromium", Environment.GetEnvironmentVariable("PRINTFARM_CHROMIUM") ?? "/usr/bin/chromium");
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"Chromium not found at {chromium} (apt-get install chromium, or --chromium PATH)");
            return 2;
        }
        var width = cli.Int("width", 1440);
        var height = cli.Int("height", 900);

        var root = Path.Combine(Path.GetTempPath(), "printfarm-bench-dashboard-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        Console.WriteLine($"load average {ProcStats.LoadAverage():0.00}; seeding {printers} printers and {demands} demands (SQLite)...");
        // The seeder enters one demand for every five jobs asked for.
        var farm = await ApiFarmSeeder.SeedAsync(Path.Combine(root, "seed"), printers, demands * 5, seed: 1);
        Console.WriteLine(ApiFarmSeeder.Describe(farm));
        var firstRenders = new List<double>();
        var busy = new List<double>();
        var applied = new List<double>();
        try
        {
            for (var run = 1; run <= cli.Runs; run++)
            {
                var data = Path.Combine(root, $"run-{run}");
                ApiFarmSeeder.Copy(farm.Directory, data);
                await using var coordinator = await EventCoordinatorChild.StartAsync(data, farm.Reporters, root);
                using var playwright = await Playwright.CreateAsync();
                await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = chromium,
                    Headless = true,
                    Args = Environment.IsPrivilegedProcess ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"],
                });
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "ca-ES" });
                var page = await context.NewPageAsync();
                var url = $"{coordinator.Address.GetLeftPart(UriPartial.Authority)}/#key={Uri.EscapeDataString(coordinator.AdminKey)}";

                // The first visit warms the coordinator (its printer JSON cache) and the browser's caches; it is not counted.
                await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
                await RenderedAsync(page, printers);
                var profiler = cli.Flag("profile") ? await context.NewCDPSessionAsync(page) : null;
                if (profiler is not null)
                    await page.AddInitScriptAsync(MilestonesScript.Replace("PRINTERS", printers.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                for (var i = 0; i < renders; i++)
                {
                    if (profiler is not null && i == 0)
                    {
                        await profiler.SendAsync("Profiler.enable");
                        await profiler.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
                        await profiler.SendAsync("Profiler.start");
                    }
                    var trace = i == 0 && cli.String("trace", "") is { Length: > 0 } path ? await TimelineTrace.StartAsync(context, page, path) : null;
                    await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
                    var ms = await RenderedAsync(page, printers);
                    if (trace is not null)
                        await trace.StopAsync();
                    if (profiler is not null && i == 0)
                    {
                        PrintProfile(await profiler.SendAsync("Profiler.stop"));
                        Console.WriteLine("  elements by section: " + await page.EvaluateAsync<string>(NodesBySectionScript));
                        Console.WriteLine("  requests (start-end ms, KiB): " + await page.EvaluateAsync<string>(RequestsScript));
                        Console.WriteLine("  milestones (ms): " + await page.EvaluateAsync<string>("() => JSON.stringify(window.__milestones)"));
                        Console.WriteLine("  grid: " + await page.EvaluateAsync<string>(GridScript));
                    }
                    firstRenders.Add(ms);
                    Console.WriteLine($"run {run}: first render {ms:0} ms");
                }
                await page.WaitForFunctionAsync("() => document.getElementById('connection').dataset.conn === 'live'", null, new() { Timeout = 30_000 });

                var cdp = await context.NewCDPSessionAsync(page);
                await cdp.SendAsync("Performance.enable", new Dictionary<string, object> { ["timeDomain"] = "timeTicks" });
                var warmUp = TimeSpan.FromSeconds(2);
                var (windowStart, windowEnd) = await coordinator.GoAsync(warmUp, window, rate);
                while (Stopwatch.GetTimestamp() < windowStart)
                    await Task.Delay(5);
                var before = await MetricsAsync(cdp);
                var bars = await page.EvaluateAsync<int>("() => document.querySelectorAll('[data-role=progress][data-progress]').length");
                while (Stopwatch.GetTimestamp() < windowEnd)
                    await Task.Delay(5);
                var after = await MetricsAsync(cdp);
                var report = await coordinator.DoneAsync(TimeSpan.FromSeconds(60));
                var wall = after["Timestamp"] - before["Timestamp"];
                var pct = 100 * (after["TaskDuration"] - before["TaskDuration"]) / wall;
                var script = 100 * (after["ScriptDuration"] - before["ScriptDuration"]) / wall;
                var layout = 100 * (after["LayoutDuration"] - before["LayoutDuration"] + after["RecalcStyleDuration"] - before["RecalcStyleDuration"]) / wall;
                busy.Add(pct);
                applied.Add(report.AchievedRate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {report.AchievedRate:0.0} events/s for {wall:0.0} s: main thread busy {pct:0.0}% (script {script:0.0}%, style and layout {layout:0.0}%); {bars} progress bars; JS heap {after["JSHeapUsedSize"] / 1048576:0} MiB; {after["Nodes"]:0} DOM nodes"));
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
        var render = Results.Median(firstRenders);
        var load = Results.Median(busy);
        Results.Write(cli, "dashboard", [new Dictionary<string, object?>
        {
            ["printers"] = printers,
            ["demands"] = demands,
            ["first_render_median_ms"] = render,
            ["first_render_min_ms"] = firstRenders.Min(),
            ["first_render_max_ms"] = firstRenders.Max(),
            ["events_per_s"] = Results.Median(applied),
            ["main_thread_busy_pct"] = load,
        }]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first render: median {render:0} ms of {firstRenders.Count} (min {firstRenders.Min():0}, max {firstRenders.Max():0}); target < {TargetFirstRenderMs:0} ms: {(render < TargetFirstRenderMs ? "met" : "NOT met")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Results.Median(applied):0} events/s: main thread busy median {load:0.0}% of {busy.Count} runs; target < {TargetBusyPercent:0}%: {(load < TargetBusyPercent ? "met" : "NOT met")}"));
        return smoke || (render < TargetFirstRenderMs && load < TargetBusyPercent) ? 0 : 1;
    }

    /// <summary>
    /// Waits until every printer has its place in the grid, every card on the screen is drawn (a card far off the
    /// screen is built when it comes near) and the demand board is filled; the time since navigation start, in ms.
    /// </summary>
    private static async Task<double> RenderedAsync(IPage page, int printers)
    {
        // Checked once a frame (Playwright's default polling), just before the frame's own layout, so the check adds none.
        await page.WaitForFunctionAsync(RenderedScript, printers, new() { Timeout = 120_000 });
        return await page.EvaluateAsync<double>("() => performance.now()");
    }

    private const string NodesBySectionScript = """
        () => [...document.querySelectorAll('body > *, main > *, main section')]
          .map((e) => [e.id || e.getAttribute('aria-labelledby') || e.tagName.toLowerCase(), e.getElementsByTagName('*').length])
          .filter(([, n]) => n > 100).map(([name, n]) => `${name} ${n}`).join(', ')
        """;

    private const string RequestsScript = """
        () => performance.getEntriesByType('resource').filter((r) => r.duration > 20)
          .map((r) => `${new URL(r.name).pathname}${new URL(r.name).search.slice(0, 20)} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)} ${(r.encodedBodySize / 1024).toFixed(0)}`).join(', ')
        """;

    // With --profile: when each part of the first render was first seen, checked every frame (PRINTERS: the farm's size).
    private const string MilestonesScript = """
        window.__milestones = {};
        const seen = (name) => { window.__milestones[name] ??= Math.round(performance.now()); };
        const look = () => {
          if (document.querySelector('#printers li.card')) seen('first card');
          if (document.querySelector('#printers li.card[data-built]')) seen('first card built');
          if (document.querySelectorAll('#printers li.card').length >= PRINTERS) seen('every printer placed');
          if (document.querySelector('#demand tbody tr')) seen('demand board');
          if (document.querySelector('#demands-panel tbody tr')) seen('demand desk');
          if (Object.keys(window.__milestones).length < 5) requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
        """;

    private const string GridScript = """
        () => {
          const grid = document.getElementById('printers');
          const built = [...grid.querySelectorAll('li.card[data-built]')];
          const box = grid.getBoundingClientRect();
          return `${built.length} cards built, the last ${built.at(-1)?.offsetTop ?? 0} px down; window ${box.top.toFixed(0)}-${box.bottom.toFixed(0)} px of ${grid.scrollHeight} px; lazy ${grid.hasAttribute('data-lazy')}`;
        }
        """;

    private const string RenderedScript = """
        (printers) => {
          const cards = document.querySelectorAll('#printers li.card');
          if (cards.length < printers || document.querySelector('#demand tbody tr') === null) return false;
          let onScreen = 0;
          for (const card of cards) {
            const box = card.getBoundingClientRect();
            if (box.bottom < 0) continue;
            if (box.top > innerHeight) break;
            if (!card.hasAttribute('data-built') || card.querySelector('.card-name').textContent === '') return false;
            onScreen++;
          }
          return onScreen > 0;
        }
        """;

    /// <summary>With <c>--profile</c>: the functions that took the most time of the first measured render, by self time.</summary>
    private static void PrintProfile(System.Text.Json.JsonElement? result)
    {
        var profile = result!.Value.GetProperty("profile");
        var nodes = profile.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt32());
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetDouble()).ToList();
        var self = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Count; i++)
        {
            var frame = nodes[samples[i]].GetProperty("callFrame");
            var function = frame.GetProperty("functionName").GetString() is { Length: > 0 } f ? f : "(anonymous)";
            var name = $"{function} {Path.GetFileName(frame.GetProperty("url").GetString())}:{frame.GetProperty("lineNumber").GetInt32() + 1}";
            self[name] = self.GetValueOrDefault(name) + (i + 1 < deltas.Count ? deltas[i + 1] : 0) / 1000.0;
        }
        foreach (var (name, ms) in self.OrderByDescending(p => p.Value).Take(20))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms,8:0.0} ms  {name}"));
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var result = await cdp.SendAsync("Performance.getMetrics");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in result!.Value.GetProperty("metrics").EnumerateArray())
            metrics[m.GetProperty("name").GetString()!] = m.GetProperty("value").GetDouble();
        return metrics;
    }
}
