using System.Text.Json;
using Microsoft.Playwright;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// A DevTools timeline trace of one page (<c>--trace PATH</c>), written as the JSON that Chromium's performance panel
/// and Perfetto open; for finding where a render's main-thread time goes beyond what the script profiler shows.
/// </summary>
internal sealed class TimelineTrace
{
    private readonly ICDPSession _cdp;
    private readonly string _path;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimelineTrace(ICDPSession cdp, string path)
    {
        _cdp = cdp;
        _path = path;
        cdp.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            if (data is { } d)
                lock (_events)
                    _events.AddRange(d.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public static async Task<TimelineTrace> StartAsync(IBrowserContext context, IPage page, string path)
    {
        var trace = new TimelineTrace(await context.NewCDPSessionAsync(page), path);
        await trace._cdp.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing",
            ["transferMode"] = "ReportEvents",
        });
        return trace;
    }

    public async Task StopAsync()
    {
        await _cdp.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await using var file = File.Create(_path);
        lock (_events)
            JsonSerializer.Serialize(file, new { traceEvents = _events });
        Console.WriteLine($"  timeline trace: {_path} ({_events.Count} events)");
    }
}
