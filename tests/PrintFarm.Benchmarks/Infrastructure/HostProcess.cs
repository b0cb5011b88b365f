using System.Diagnostics;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>The two hosts compared: <c>printfarm send</c> and Printrun's <c>printcore</c>.</summary>
internal static class HostProcess
{
    public static bool PrintcoreInstalled => File.Exists("/usr/bin/printcore");

    public static ProcessStartInfo PrintFarmSend(string port, int baud, string file, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "printfarm.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "send", "--port", port, "--baud", baud.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json" }.Concat(extra).Append(file))
            info.ArgumentList.Add(arg);
        return info;
    }

    public static ProcessStartInfo Printcore(string port, int baud, string file)
    {
        var info = new ProcessStartInfo("/usr/bin/printcore") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-b", baud.ToString(System.Globalization.CultureInfo.InvariantCulture), port, file })
            info.ArgumentList.Add(arg);
        return info;
    }

    /// <summary>Peak resident set of the last host run, in bytes (VmHWM, sampled while it ran).</summary>
    public static long LastPeakResidentBytes { get; private set; }

    /// <summary>Runs a host to its end; returns its exit code and output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        LastPeakResidentBytes = 0;
        var sampler = SamplePeakAsync(process.Id, cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            await cts.CancelAsync();
            await sampler;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {timeout}: {await stderr}");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static async Task SamplePeakAsync(int pid, CancellationToken token)
    {
        var status = $"/proc/{pid}/status";
        while (!token.IsCancellationRequested)
        {
            try
            {
                var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null)
                {
                    var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                    LastPeakResidentBytes = Math.Max(LastPeakResidentBytes, kb * 1024);
                }
                await Task.Delay(100, token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
