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

    /// <summary>Runs a host to its end; returns its exit code and output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {timeout}: {await stderr}");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
