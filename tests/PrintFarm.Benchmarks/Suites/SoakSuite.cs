using System.Diagnostics;
using PrintFarm.Benchmarks.Infrastructure;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Benchmarks.Suites;

/// <summary>
/// <c>soak</c>: the CI soak at full length. A real file, repeated to <c>--lines</c> (1,000,000) commands,
/// through each of the five profiles' dialects with every line fault mixed in, the printer running as
/// fast as it can; each run reports exactness and the median time to recover from a lost ok. Then, on
/// a timed 250000-baud line with 1 ms of latency, the wire's busy share with 1% corruption and 0.5%
/// lost oks. The printer and the session run in this process over an in-memory wire.
/// </summary>
internal static class SoakSuite
{
    private static readonly VirtualPrinterDialect[] Dialects =
    [
        VirtualPrinterDialect.Marlin, VirtualPrinterDialect.Prusa, VirtualPrinterDialect.Klipper,
        VirtualPrinterDialect.RepRapFirmware, VirtualPrinterDialect.Smoothieware,
    ];

    private static readonly HashSet<string> HostCommands = ["M110 N0", "M115", "M155 S2", "M105"];

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var lines = options.Int("lines", options.Smoke ? 5_000 : 1_000_000);
        var wireLines = options.Int("wire-lines", options.Smoke ? 300 : 3_000);
        var seed = options.Int("seed", 1);
        var source = options.String("file", Path.Combine(BenchmarkOptions.RepositoryRoot(), "samples", "designs", "touchless-door-tool", "mk3s_pla.gcode.gz"));
        var commands = Repeat(source, lines);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var failures = 0;
        var parts = options.String("parts", "soak,wire").Split(',');
        foreach (var dialect in parts.Contains("soak") ? Dialects : [])
        {
            var checks = dialect is not (VirtualPrinterDialect.Klipper or VirtualPrinterDialect.RepRapFirmware);
            var printer = Hostile(dialect, seed, checks ? 0.005 : 0) with { Baud = 0 };
            var outcome = await RunOnceAsync(printer, commands);
            Console.WriteLine($"  {dialect}: {outcome.Result.Outcome} {outcome.Result.Reason} {outcome.Seconds:F1} s, exact {outcome.Exact}, faults {outcome.Faults}, recoveries {outcome.Recoveries.Count}");
            if (!outcome.Exact)
                failures++;
            rows.Add(Row("soak", dialect, outcome, commands.Count));
        }
        var wire = commands.Take(wireLines).ToList();
        var corrupt = options.Double("corrupt", 0.01);
        var dropOk = options.Double("drop-ok", 0.005);
        var timed = new VirtualPrinterOptions { Baud = 250000, LatencyMs = 1, CorruptProbability = corrupt, Seed = seed, Faults = new LineFaults { DropOk = dropOk, Seed = seed } };
        var wireLabel = FormattableString.Invariant($"wire 250000 baud 1 ms, {corrupt:P1} corrupt, {dropOk:P1} lost oks");
        for (var run = 0; run < (parts.Contains("wire") ? options.Runs : 0); run++)
        {
            var outcome = await RunOnceAsync(timed with { Seed = seed + run, Faults = timed.Faults with { Seed = seed + run } }, wire);
            Console.WriteLine($"  wire run {run + 1}: busy {outcome.WireBusy:P1}, exact {outcome.Exact}, recoveries {outcome.Recoveries.Count}");
            if (!outcome.Exact)
                failures++;
            rows.Add(Row(wireLabel, VirtualPrinterDialect.Marlin, outcome, wire.Count));
        }
        Results.Write(options, "soak", rows);
        return failures == 0 ? 0 : 1;
    }

    private static Dictionary<string, object?> Row(string part, VirtualPrinterDialect dialect, Outcome outcome, int lines) => new()
    {
        ["part"] = part,
        ["dialect"] = dialect.ToString(),
        ["lines"] = lines,
        ["outcome"] = outcome.Result.Outcome.ToString(),
        ["exact"] = outcome.Exact,
        ["seconds"] = outcome.Seconds,
        ["lines_per_s"] = lines / outcome.Seconds,
        ["wire_busy"] = double.IsNaN(outcome.WireBusy) ? null : outcome.WireBusy,
        ["faults"] = outcome.Faults,
        ["resends"] = outcome.Result.Progress.Resends,
        ["probes"] = outcome.Probes,
        ["recoveries"] = outcome.Recoveries.Count,
        ["recovery_median_ms"] = outcome.Recoveries.Count > 0 ? Results.Median(outcome.Recoveries.Select(r => r.TotalMilliseconds)) : null,
        ["recovery_max_ms"] = outcome.Recoveries.Count > 0 ? outcome.Recoveries.Max(r => r.TotalMilliseconds) : null,
    };

    /// <summary>Every fault at 0.2% of lines (together 1.4%), plus line corruption where the firmware checks lines.</summary>
    private static VirtualPrinterOptions Hostile(VirtualPrinterDialect dialect, int seed, double corrupt)
    {
        const double each = 0.002;
        return new VirtualPrinterOptions
        {
            Dialect = dialect,
            CorruptProbability = corrupt,
            CorruptBodyOnly = dialect == VirtualPrinterDialect.Smoothieware,
            Seed = seed,
            Faults = new LineFaults
            {
                DropOk = each, DuplicateOk = each, Garbage = each, WaitWhenIdle = each, Autoreport = each,
                DropResend = corrupt > 0 ? each : 0, ResendAhead = corrupt > 0 ? each : 0, Seed = seed,
            },
        };
    }

    private sealed record Outcome(JobResult Result, bool Exact, double Seconds, double WireBusy, long Faults, long Probes, List<TimeSpan> Recoveries);

    private static async Task<Outcome> RunOnceAsync(VirtualPrinterOptions options, List<string> commands)
    {
        var executed = new ExecutedLog(commands.Count);
        using var printer = new VirtualPrinter(options with { LogWriter = executed });
        var (host, printerEnd) = InMemoryWire.CreatePair();
        using var stop = new CancellationTokenSource();
        var run = printer.RunAsync(printerEnd, stop.Token);
        var recoveries = new List<TimeSpan>();
        JobResult result;
        double seconds;
        long bytes;
        long probes;
        var session = new PrinterSession(new InMemoryTransport(host), ProfileCatalog.LoadDefault(), new PrinterSessionOptions { CommunicationTimeout = TimeSpan.FromSeconds(2) });
        await using (session)
        {
            session.Recovered += recoveries.Add;
            await session.ConnectAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var before = printer.Stats.BytesReceived;
            var started = Stopwatch.GetTimestamp();
            result = await session.RunJobAsync(new ListJobSource(commands)).WaitAsync(TimeSpan.FromHours(1));
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            bytes = printer.Stats.BytesReceived - before;
            probes = session.Counters.Probes;
        }
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        var exact = executed.Commands.Where(c => !HostCommands.Contains(c)).SequenceEqual(commands.Where(c => !HostCommands.Contains(c)));
        var busy = options.Baud > 0 ? bytes / seconds / (options.Baud / 10.0) : double.NaN;
        return new Outcome(result, exact, seconds, busy, printer.Stats.FaultsInjected, probes, recoveries);
    }

    /// <summary>The file's commands, repeated until there are <paramref name="count"/>.</summary>
    private static List<string> Repeat(string source, int count)
    {
        var once = new List<string>();
        using (var reader = GcodeReader.Open(source))
        {
            while (reader.TryReadCommand(out var command, out _))
                once.Add(System.Text.Encoding.ASCII.GetString(command));
        }
        var all = new List<string>(count);
        while (all.Count < count)
            all.AddRange(once.Take(count - all.Count));
        return all;
    }

    /// <summary>The printer's log of executed commands, kept as a list (the firmware thread writes it).</summary>
    private sealed class ExecutedLog(int capacity) : TextWriter
    {
        private readonly List<string> _commands = new(capacity);

        public override System.Text.Encoding Encoding => System.Text.Encoding.ASCII;

        public List<string> Commands
        {
            get
            {
                lock (_commands)
                    return [.. _commands];
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_commands)
                _commands.Add(value ?? string.Empty);
        }
    }
}
