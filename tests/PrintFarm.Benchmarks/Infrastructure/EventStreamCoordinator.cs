using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Changes;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Hosting;
using PrintFarm.Coordinator.Live;
using PrintFarm.Printing.Protocol;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// The coordinator side of the event-stream measurement, run as a child process of the benchmark
/// (<c>api --event-coordinator --data DIR --reporters FILE</c>): the real coordinator (<see cref="ServeHost"/>, SQLite
/// store, Kestrel on loopback) plus a driver thread that reports progress for every printer once a second through
/// <see cref="FarmNotifier.Progress"/>, where a local printer's loop and an agent's MQTT reports both end: the same
/// serialisation, hub, per-client channels and SSE writer, without 2,500 ports or MQTT clients loading the machine. Each report carries its publish time (<see cref="Stopwatch.GetTimestamp"/>, CLOCK_MONOTONIC, the same
/// clock in both processes) in <c>linesSent</c>, so a client can tell each event's lag.
/// Protocol on stdin/stdout: it prints <c>ready URL</c>; <c>go WARMUP_S WINDOW_S RATE</c> runs the driver and
/// prints <c>done {json}</c>; <c>stop</c> stops the host.
/// </summary>
internal static class EventStreamCoordinator
{
    /// <summary>NaN (no sample) is written as "NaN" rather than refused.</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<int> RunAsync(BenchmarkOptions cli)
    {
        var data = cli.String("data", "");
        var reporters = (await File.ReadAllLinesAsync(cli.String("reporters", ""))).Where(l => l.Length > 0).Select(l =>
        {
            var parts = l.Split(' ');
            return (PrinterId: parts[0], JobId: parts.Length > 1 && parts[1].Length > 0 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : (long?)null);
        }).ToArray();
        var options = ServeConfigLoader.Load(null, new Dictionary<string, string?>
        {
            [nameof(ServeOptions.Urls)] = "http://127.0.0.1:0",
            [nameof(ServeOptions.DataDirectory)] = data,
        });
        var app = ServeHost.Build(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await using (app)
        {
            await app.StartAsync();
            var notifier = app.Services.GetRequiredService<FarmNotifier>();
            var hub = app.Services.GetRequiredService<EventHub>();
            Console.WriteLine($"ready {app.Urls.First()}");
            while (Console.ReadLine() is { } command)
            {
                var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                    continue;
                if (words[0] == "stop")
                    break;
                if (words[0] == "go")
                {
                    var warmUp = double.Parse(words[1], CultureInfo.InvariantCulture);
                    var window = double.Parse(words[2], CultureInfo.InvariantCulture);
                    var rate = double.Parse(words[3], CultureInfo.InvariantCulture);
                    var report = Drive(notifier, hub, reporters, warmUp, window, rate);
                    Console.WriteLine("done " + JsonSerializer.Serialize(report, Json));
                }
            }
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(stop.Token);
        }
        return 0;
    }

    /// <summary>What the coordinator process measured of itself over the window.</summary>
    internal sealed record DriveReport(
        long WindowStartTicks, long WindowEndTicks, long Published, long PublishedInWindow, long FirstIdInWindow, long LastIdInWindow,
        double AchievedRate, double PublishP50Ms, double PublishP99Ms, double PublishMaxMs, int SubscribersAtStart, int SubscribersAtEnd,
        double CpuPercent, double ResidentMiB, double PeakResidentMiB, double ManagedHeapMiB, int Gen0, int Gen1, int Gen2, int Threads);

    /// <summary>
    /// Publishes <paramref name="rate"/> progress reports a second, spread evenly (the driver catches up every
    /// millisecond or so), cycling through the printers, for the warm-up and then the measuring window.
    /// </summary>
    private static DriveReport Drive(FarmNotifier notifier, EventHub hub, (string PrinterId, long? JobId)[] reporters, double warmUp, double window, double rate)
    {
        DriveReport? report = null;
        var begin = Stopwatch.GetTimestamp();
        var windowStart = begin + (long)(warmUp * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(window * Stopwatch.Frequency);
        // The clients count only the events published inside the window.
        Console.WriteLine($"window {windowStart.ToString(CultureInfo.InvariantCulture)} {windowEnd.ToString(CultureInfo.InvariantCulture)}");
        var thread = new Thread(() => report = DriveOnThread(notifier, hub, reporters, begin, windowStart, windowEnd, rate)) { IsBackground = true, Name = "progress-driver" };
        thread.Start();
        thread.Join();
        return report!;
    }

    private static DriveReport DriveOnThread(
        FarmNotifier notifier, EventHub hub, (string PrinterId, long? JobId)[] reporters, long begin, long windowStart, long windowEnd, double rate)
    {
        var frequency = Stopwatch.Frequency;
        var window = (windowEnd - windowStart) / (double)frequency;
        var temperatures = new TemperatureReport([new TemperatureReading("tool0", 214.8, 215), new TemperatureReading("bed", 60.1, 60)]);
        var publishTimes = new LatencyHistogram();
        long published = 0, inWindow = 0, firstId = 0, lastId = 0;
        var inside = false;
        double cpuStart = 0;
        var subscribersAtStart = 0;
        int gen0 = 0, gen1 = 0, gen2 = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (!inside && now >= windowStart)
            {
                inside = true;
                cpuStart = ProcStats.CpuSeconds(Environment.ProcessId);
                subscribersAtStart = hub.Subscribers;
                (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            }
            if (now >= windowEnd)
                break;
            var due = (long)((now - begin) * rate / frequency);
            while (published < due)
            {
                var (printerId, jobId) = reporters[published % reporters.Length];
                var progress = (published / reporters.Length % 1000) / 1000.0;
                var start = Stopwatch.GetTimestamp();
                notifier.Progress(printerId, jobId, new LiveSnapshot(SessionState.Printing, temperatures, jobId, progress,
                    TimeSpan.FromSeconds(published / reporters.Length), LinesSent: start, Resends: 0, Message: null));
                var end = Stopwatch.GetTimestamp();
                published++;
                if (start >= windowStart)
                {
                    publishTimes.RecordTicks(end - start);
                    var id = hub.LastId;
                    if (inWindow++ == 0)
                        firstId = id;
                    lastId = id;
                }
            }
            Thread.Sleep(1);
        }
        var cpu = ProcStats.CpuSeconds(Environment.ProcessId) - cpuStart;
        var pid = Environment.ProcessId;
        return new DriveReport(windowStart, windowEnd, published, inWindow, firstId, lastId, inWindow / window,
            publishTimes.PercentileMs(0.5), publishTimes.PercentileMs(0.99), publishTimes.MaxMicroseconds / 1000.0,
            subscribersAtStart, hub.Subscribers, 100 * cpu / window,
            ProcStats.StatusMiB(pid, "VmRSS"), ProcStats.StatusMiB(pid, "VmHWM"), GC.GetTotalMemory(false) / 1024.0 / 1024,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, Process.GetCurrentProcess().Threads.Count);
    }
}
