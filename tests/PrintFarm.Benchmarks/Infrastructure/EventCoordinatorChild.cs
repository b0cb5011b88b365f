using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// The event-stream coordinator (<see cref="EventStreamCoordinator"/>) as a child process: started on a copy of a
/// seeded store, driven through its stdin protocol, stopped (or killed) on dispose.
/// </summary>
internal sealed class EventCoordinatorChild : IAsyncDisposable
{
    private readonly Process _child;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];

    private EventCoordinatorChild(Process child)
    {
        _child = child;
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                _lines.Writer.TryComplete();
            else
                _lines.Writer.TryWrite(e.Data);
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                    _errors.Add(e.Data);
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
    }

    public Uri Address { get; private set; } = null!;

    public string AdminKey { get; private set; } = "";

    public int ProcessId => _child.Id;

    /// <summary>Starts the coordinator on <paramref name="data"/> with <paramref name="reporters"/> as the printers that report.</summary>
    public static async Task<EventCoordinatorChild> StartAsync(string data, IEnumerable<(string PrinterId, long? JobId)> reporters, string root)
    {
        var reportersFile = Path.Combine(root, "reporters.txt");
        await File.WriteAllLinesAsync(reportersFile, reporters.Select(r => $"{r.PrinterId} {r.JobId?.ToString(CultureInfo.InvariantCulture)}"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "PrintFarm.Benchmarks.dll"), "api", "--event-coordinator", "--data", data, "--reporters", reportersFile })
            info.ArgumentList.Add(arg);
        info.Environment["PRINTFARM__MQTT__PORT"] = CoordinatorProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var child = new EventCoordinatorChild(Process.Start(info) ?? throw new InvalidOperationException("cannot start the event-stream coordinator"));
        try
        {
            child.Address = new Uri((await child.ExpectAsync("ready ", TimeSpan.FromSeconds(60)))["ready ".Length..]);
            child.AdminKey = (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim();
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the driver: <paramref name="rate"/> reports a second for the warm-up and the window. Returns the window's Stopwatch ticks.</summary>
    public async Task<(long Start, long End)> GoAsync(TimeSpan warmUp, TimeSpan window, double rate)
    {
        await _child.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"go {warmUp.TotalSeconds} {window.TotalSeconds} {rate}"));
        await _child.StandardInput.FlushAsync();
        var windowLine = (await ExpectAsync("window ", TimeSpan.FromSeconds(30))).Split(' ');
        return (long.Parse(windowLine[1], CultureInfo.InvariantCulture), long.Parse(windowLine[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The coordinator's own report once the driver's window is over.</summary>
    public async Task<EventStreamCoordinator.DriveReport> DoneAsync(TimeSpan timeout)
    {
        var done = await ExpectAsync("done ", timeout);
        return JsonSerializer.Deserialize<EventStreamCoordinator.DriveReport>(done["done ".Length..], EventStreamCoordinator.Json)!;
    }

    private async Task<string> ExpectAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                        return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        string log;
        lock (_errors)
            log = string.Join('\n', _errors.TakeLast(30));
        throw new InvalidOperationException($"the event-stream coordinator did not print \"{prefix.Trim()}\":\n{log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_child.HasExited)
        {
            try
            {
                await _child.StandardInput.WriteLineAsync("stop");
                await _child.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _child.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _child.Kill(entireProcessTree: true);
            }
        }
        _child.Dispose();
    }
}
