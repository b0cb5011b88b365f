using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Cli.Virtual;

/// <summary>
/// Runs <c>printfarm virtual-printer</c>. It takes over parse errors so that any bad option ends in a
/// single line on standard error and exit code 2.
/// </summary>
internal sealed class VirtualPrinterAction : AsynchronousCommandLineAction
{
    private const int BadOptions = 2;
    private const int Failed = 1;

    public static readonly IReadOnlyDictionary<string, VirtualPrinterDialect> Dialects = new Dictionary<string, VirtualPrinterDialect>
    {
        ["marlin"] = VirtualPrinterDialect.Marlin,
        ["marlin-no-ok"] = VirtualPrinterDialect.MarlinNoOkAfterResend,
        ["prusa"] = VirtualPrinterDialect.Prusa,
        ["klipper"] = VirtualPrinterDialect.Klipper,
        ["reprapfirmware"] = VirtualPrinterDialect.RepRapFirmware,
        ["smoothieware"] = VirtualPrinterDialect.Smoothieware,
    };

    public Option<string?> Pty { get; } = new("--pty") { Description = "Serve on a pseudo-terminal reachable through this symbolic link (Linux)." };
    public Option<int?> Tcp { get; } = new("--tcp") { Description = "Serve on 127.0.0.1 at this port; 0 picks a free one." };
    public Option<int> Baud { get; } = new("--baud") { DefaultValueFactory = _ => 250000, Description = "Simulated line speed; 0 turns wire timing off." };
    public Option<double> LatencyMs { get; } = new("--latency-ms") { DefaultValueFactory = _ => 0, Description = "One-way latency in milliseconds, both directions." };
    public Option<int> RxBuffer { get; } = new("--rx-buffer") { DefaultValueFactory = _ => 128, Description = "Receive ring size in bytes; bytes that do not fit are dropped." };
    public Option<int> Queue { get; } = new("--queue") { DefaultValueFactory = _ => 4, Description = "Command queue slots (BUFSIZE)." };
    public Option<int> Planner { get; } = new("--planner") { DefaultValueFactory = _ => 16, Description = "Planner blocks (BLOCK_BUFFER_SIZE)." };
    public Option<bool> Motion { get; } = new("--motion") { Description = "Moves take time and go through the planner." };
    public Option<double> TimeScale { get; } = new("--time-scale") { DefaultValueFactory = _ => 1.0, Description = "Divide motion time by this factor." };
    public Option<double> Corrupt { get; } = new("--corrupt") { DefaultValueFactory = _ => 0, Description = "Probability (0 to 1) that a received line is corrupted." };
    public Option<int> Seed { get; } = new("--seed") { DefaultValueFactory = _ => 0, Description = "Seed for the corruption." };
    public Option<int?> HaltAfter { get; } = new("--halt-after") { Description = "Report a thermal runaway and halt after this many commands." };
    public Option<int?> DisconnectAfter { get; } = new("--disconnect-after") { Description = "Drop the link after this many commands." };
    public Option<string> Dialect { get; } = new("--dialect")
    {
        DefaultValueFactory = _ => "marlin",
        Description = "Firmware to imitate: " + string.Join(", ", Dialects.Keys) + ".",
    };
    public Option<bool> AdvancedOk { get; } = new("--advanced-ok") { Description = "Answer ok N<n> P<planner free> B<queue free>." };
    public Option<string?> Log { get; } = new("--log") { Description = "Write each executed command to this file." };
    public Option<double> DropOk { get; } = new("--drop-ok") { DefaultValueFactory = _ => 0, Description = "Probability that an ok is lost on its way back (the command still ran)." };
    public Option<double> DropResend { get; } = new("--drop-resend") { DefaultValueFactory = _ => 0, Description = "Probability that a Resend: line is lost." };
    public Option<double> DuplicateOk { get; } = new("--duplicate-ok") { DefaultValueFactory = _ => 0, Description = "Probability that an ok arrives twice." };
    public Option<double> Garbage { get; } = new("--garbage") { DefaultValueFactory = _ => 0, Description = "Probability, per command, of a line of noise." };
    public Option<double> WaitWhenIdle { get; } = new("--wait-when-idle") { DefaultValueFactory = _ => 0, Description = "Probability that an idle firmware prints wait." };
    public Option<double> Autoreport { get; } = new("--autoreport") { DefaultValueFactory = _ => 0, Description = "Probability, per command, of an unasked temperature report." };
    public Option<double> ResendAhead { get; } = new("--resend-ahead") { DefaultValueFactory = _ => 0, Description = "Probability that a resend asks for one line too far." };
    public Option<double?> Faults { get; } = new("--faults") { Description = "Every line fault above at this probability (each flag given overrides it)." };

    public IEnumerable<Option> All =>
    [
        Pty, Tcp, Baud, LatencyMs, RxBuffer, Queue, Planner, Motion, TimeScale, Corrupt, Seed, HaltAfter,
        DisconnectAfter, Dialect, AdvancedOk, Log, DropOk, DropResend, DuplicateOk, Garbage, WaitWhenIdle, Autoreport, ResendAhead, Faults,
    ];

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (Check(parseResult) is { } problem)
        {
            await error.WriteLineAsync($"virtual-printer: {problem}");
            return BadOptions;
        }
        VirtualPrinterOptions options;
        try
        {
            options = Build(parseResult);
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"virtual-printer: {Describe(ex)}");
            return BadOptions;
        }
        var speed = options.Baud > 0 ? $"at {options.Baud} baud" : "without wire timing";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        try
        {
            using var printer = new VirtualPrinter(options);
            if (parseResult.GetValue(Pty) is { } link)
            {
                if (!OperatingSystem.IsLinux())
                {
                    await error.WriteLineAsync("virtual-printer: --pty needs Linux; use --tcp");
                    return BadOptions;
                }
                using var pty = VirtualPrinterPty.Create(printer, link);
                await Announce(output, $"virtual printer on {pty.LinkPath} -> {pty.SlavePath} {speed}");
                await pty.RunAsync(stop.Token);
            }
            else
            {
                using var tcp = VirtualPrinterTcp.Start(printer, parseResult.GetValue(Tcp) ?? 0);
                await Announce(output, $"virtual printer on 127.0.0.1:{tcp.Port} {speed}");
                await tcp.RunAsync(stop.Token);
            }
            await Announce(output, $"virtual printer stopped: {printer.Stats}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            await error.WriteLineAsync($"virtual-printer: {ex.Message}");
            return Failed;
        }
    }

    private string? Check(ParseResult parseResult)
    {
        if (parseResult.Errors.Count > 0)
            return parseResult.Errors[0].Message;
        if (parseResult.UnmatchedTokens.Count > 0)
            return $"unknown argument '{parseResult.UnmatchedTokens[0]}'";
        var pty = parseResult.GetValue(Pty);
        var tcp = parseResult.GetValue(Tcp);
        if ((pty is null) == (tcp is null))
            return "give exactly one of --pty LINK or --tcp PORT";
        if (pty is { Length: 0 })
            return "--pty needs a path";
        if (tcp is < 0 or > 65535)
            return "--tcp needs a port from 0 to 65535";
        if (!Dialects.ContainsKey(parseResult.GetValue(Dialect) ?? string.Empty))
            return $"--dialect must be one of {string.Join(", ", Dialects.Keys)}";
        return null;
    }

    private VirtualPrinterOptions Build(ParseResult parseResult) => new()
    {
        Baud = parseResult.GetValue(Baud),
        LatencyMs = parseResult.GetValue(LatencyMs),
        RxBufferBytes = parseResult.GetValue(RxBuffer),
        QueueSlots = parseResult.GetValue(Queue),
        PlannerSlots = parseResult.GetValue(Planner),
        Motion = parseResult.GetValue(Motion),
        TimeScale = parseResult.GetValue(TimeScale),
        CorruptProbability = parseResult.GetValue(Corrupt),
        Seed = parseResult.GetValue(Seed),
        HaltAfter = parseResult.GetValue(HaltAfter),
        DisconnectAfter = parseResult.GetValue(DisconnectAfter),
        Dialect = Dialects[parseResult.GetValue(Dialect)!],
        AdvancedOk = parseResult.GetValue(AdvancedOk),
        LogPath = parseResult.GetValue(Log),
        Faults = LineFaultsFrom(parseResult),
    };

    /// <summary>The line faults asked for, drawn from <c>--seed</c> so a run can be repeated.</summary>
    private LineFaults LineFaultsFrom(ParseResult parseResult)
    {
        var all = parseResult.GetValue(Faults) ?? 0;
        double Rate(Option<double> option) => parseResult.GetResult(option) is { Implicit: false } ? parseResult.GetValue(option) : all;
        return new LineFaults
        {
            DropOk = Rate(DropOk),
            DropResend = Rate(DropResend),
            DuplicateOk = Rate(DuplicateOk),
            Garbage = Rate(Garbage),
            WaitWhenIdle = Rate(WaitWhenIdle),
            Autoreport = Rate(Autoreport),
            ResendAhead = Rate(ResendAhead),
            Seed = parseResult.GetValue(Seed),
        };
    }

    /// <summary>Names the command-line flag instead of the options property in a validation message.</summary>
    private static string Describe(ArgumentException ex)
    {
        var flags = new Dictionary<string, string>
        {
            [nameof(VirtualPrinterOptions.Baud)] = "--baud",
            [nameof(VirtualPrinterOptions.LatencyMs)] = "--latency-ms",
            [nameof(VirtualPrinterOptions.RxBufferBytes)] = "--rx-buffer",
            [nameof(VirtualPrinterOptions.QueueSlots)] = "--queue",
            [nameof(VirtualPrinterOptions.PlannerSlots)] = "--planner",
            [nameof(VirtualPrinterOptions.TimeScale)] = "--time-scale",
            [nameof(VirtualPrinterOptions.CorruptProbability)] = "--corrupt",
            [nameof(VirtualPrinterOptions.HaltAfter)] = "--halt-after",
            [nameof(VirtualPrinterOptions.DisconnectAfter)] = "--disconnect-after",
            [nameof(VirtualPrinterOptions.Faults)] = "--drop-ok, --drop-resend, --duplicate-ok, --garbage, --wait-when-idle, --autoreport, --resend-ahead and --faults",
        };
        var message = ex.Message;
        var suffix = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        if (suffix >= 0)
            message = message[..suffix];
        if (ex.ParamName is { } name && flags.TryGetValue(name, out var flag) && message.StartsWith(name, StringComparison.Ordinal))
            message = flag + message[name.Length..];
        return message.TrimEnd('.');
    }

    /// <summary>SIGINT and SIGTERM end the run cleanly (link removed, stats printed) instead of killing the process.</summary>
    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    private static async Task Announce(TextWriter output, string line)
    {
        await output.WriteLineAsync(line);
        await output.FlushAsync();
    }
}
