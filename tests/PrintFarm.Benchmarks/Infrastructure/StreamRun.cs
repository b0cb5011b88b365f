using System.Runtime.Versioning;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>One host streaming one file into one virtual printer on a pseudo-terminal.</summary>
[SupportedOSPlatform("linux")]
internal static class StreamRun
{
    public sealed record Outcome(string Host, int Exit, double Seconds, long Commands, double LinesPerSecond, double WireBusy,
        bool Exact, long Resends, double StarvationSeconds, long Underruns, string? Problem, double PeakResidentMB);

    public static async Task<Outcome> RunAsync(string host, VirtualPrinterOptions options, string file, IReadOnlyList<string> expected, TimeSpan timeout, params string[] extra) =>
        await RunAsync(host, options, options.Baud, file, expected, timeout, extra);

    /// <summary>As above, with the host's baud given apart (the printer may run with no wire timing at all).</summary>
    public static async Task<Outcome> RunAsync(string host, VirtualPrinterOptions options, int hostBaud, string file, IReadOnlyList<string> expected, TimeSpan timeout, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("printfarm-bench-").FullName;
        var stamps = new CommandStamps(expected[0]);
        using var printer = new VirtualPrinter(options with { LogWriter = stamps });
        stamps.Printer = printer;
        var link = Path.Combine(dir, "printer");
        using var pty = VirtualPrinterPty.Create(printer, link);
        using var stop = new CancellationTokenSource();
        var run = pty.RunAsync(stop.Token);
        var info = host == "printcore"
            ? HostProcess.Printcore(link, hostBaud, file)
            : HostProcess.PrintFarmSend(link, hostBaud, file, extra);
        var (exit, output) = await HostProcess.RunAsync(info, timeout);
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        Directory.Delete(dir, recursive: true);
        var executed = stamps.FromFirst().Where(c => c is not ("M105" or "M110" or "M110 N0" or "M115" or "M155 S2")).ToList();
        var exact = executed.SequenceEqual(expected.Where(c => c is not ("M105" or "M110" or "M110 N0" or "M115" or "M155 S2")));
        var seconds = stamps.Seconds;
        var bytes = stamps.BytesAtLast - stamps.BytesAtFirst;
        var busy = options.Baud > 0 ? bytes / seconds / (options.Baud / 10.0) : double.NaN;
        return new Outcome(host, exit, seconds, executed.Count, executed.Count / seconds, busy, exact,
            printer.Stats.ResendRequests, printer.Stats.PlannerStarvation.TotalSeconds, printer.Stats.Underruns,
            exit == 0 ? null : output.Trim().Split('\n').LastOrDefault(), HostProcess.LastPeakResidentBytes / 1e6);
    }
}
