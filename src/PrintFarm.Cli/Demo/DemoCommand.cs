using System.CommandLine;
using System.Globalization;
using PrintFarm.Cli.Send;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;
using PrintFarm.Wire;

namespace PrintFarm.Cli.Demo;

/// <summary>
/// <c>printfarm demo</c>: a virtual Marlin board inside the process, fed a real sample design
/// through the same printer link that drives hardware. Nothing to install, nothing to plug in.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file") { Description = "G-code to stream (default: samples/designs/ear-saver/mk3s_pla.gcode)" };
        var baud = new Option<int>("--baud") { Description = "Emulated baud rate", DefaultValueFactory = _ => 250000 };
        var latency = new Option<double>("--latency-ms") { Description = "Emulated one-way USB latency", DefaultValueFactory = _ => 1.0 };
        var corrupt = new Option<double>("--corrupt") { Description = "Share of lines corrupted on the wire (0..1)", DefaultValueFactory = _ => 0.0 };
        var command = new Command("demo", "Stream a sample design to an in-process virtual printer and report wire efficiency")
        {
            file, baud, latency, corrupt,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(file)?.FullName ?? DefaultSample(),
            parse.GetValue(baud),
            parse.GetValue(latency),
            parse.GetValue(corrupt),
            ct));
        return command;
    }

    private static string DefaultSample()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "samples", "designs", "ear-saver", "mk3s_pla.gcode");
            if (File.Exists(candidate))
                return candidate;
        }
        return Path.Combine("samples", "designs", "ear-saver", "mk3s_pla.gcode");
    }

    private static async Task<int> RunAsync(string path, int baud, double latencyMs, double corrupt, CancellationToken ct)
    {
        GcodeAnalysis analysis;
        try
        {
            analysis = GcodeAnalyzer.Analyze(path, ct);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        Console.WriteLine($"PrintFarm demo: {Path.GetFileName(Path.GetDirectoryName(path))}/{Path.GetFileName(path)}, {analysis.Commands} commands, "
                          + $"{analysis.Layers} layers, sliced by {analysis.Slicer?.Name ?? "unknown"}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"virtual Marlin printer: {baud} baud, {latencyMs} ms latency, 128-byte receive buffer, 4-slot queue"));

        var (host, printerEnd) = InMemoryWire.CreatePair();
        using var printer = new VirtualPrinter(new VirtualPrinterOptions { Baud = baud, LatencyMs = latencyMs, CorruptProbability = corrupt, Seed = 2020 });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var printerTask = printer.RunAsync(printerEnd, stop.Token);
        using var logs = SendLog.CreateFactory(Console.Error, verbose: false);
        await using var session = new PrinterSession(new InMemoryTransport(host, "virtual-printer"), ProfileCatalog.LoadDefault(),
            logger: PrinterLogging.ForPrinter(logs.CreateLogger("PrintFarm.Printing"), "virtual-printer"));
        await session.ConnectAsync(ct).ConfigureAwait(false);
        Console.WriteLine($"connected: {session.Firmware?.Name}, profile {session.Profile?.Name}");

        using var reader = GcodeReader.Open(path);
        var job = session.RunJobAsync(new GcodeJobSource(reader), ct);
        using var bar = ProgressBar.ForConsole(Console.Out, json: false, analysis.Commands);
        while (await Task.WhenAny(job, Task.Delay(500, CancellationToken.None)).ConfigureAwait(false) != job)
        {
            if (bar is not null)
                bar.Draw(session.CurrentJob);
        }
        var result = await job.ConfigureAwait(false);
        bar?.Finish(result.Progress);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await printerTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Demo over.
        }
        var p = result.Progress;
        var seconds = p.Elapsed.TotalSeconds;
        var efficiency = seconds > 0 ? p.BytesSent / seconds / (baud / 10.0) : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Outcome.ToString().ToLowerInvariant()}: {p.LinesAcknowledged} lines in {seconds:0.0} s, {p.LinesAcknowledged / Math.Max(seconds, 1e-9):0} lines/s, wire {efficiency:P0} busy, {p.Resends} resends"));
        Console.WriteLine($"the virtual printer executed {printer.Stats.CommandsExecuted} commands");
        return result.Outcome == JobOutcome.Completed ? ExitCodes.Ok : ExitCodes.PrinterFailed;
    }
}
