using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// <c>printfarm serve</c> in a process of its own (the Release build beside the benchmark), on a free loopback port,
/// so the load client shares neither its garbage collector nor its thread pool.
/// </summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private CoordinatorProcess(Process process, Uri address, string dataDirectory, int mqttPort)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        MqttPort = mqttPort;
    }

    public Uri Address { get; }

    /// <summary>The embedded MQTT broker's port (loopback).</summary>
    public int MqttPort { get; }

    public string DataDirectory { get; }

    public string AdminKey { get; private set; } = "";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the coordinator logged.</summary>
    public string RecentLog
    {
        get
        {
            lock (_log)
                return string.Join('\n', _log);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <param name="extraArguments">More arguments for <c>serve</c>, such as <c>--config FILE</c>.</param>
    /// <param name="dll">Another build's <c>printfarm.dll</c>, to measure a version against this one.</param>
    public static async Task<CoordinatorProcess> StartAsync(
        string dataDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? extraArguments = null,
        string? dll = null)
    {
        dll ??= Path.Combine(AppContext.BaseDirectory, "printfarm.dll");
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "serve", "--data", dataDirectory, "--urls", address.ToString().TrimEnd('/') }.Concat(extraArguments ?? []))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The embedded MQTT broker stays on, as by default, but on a free port: 1883 may be taken on a shared machine.
        var mqttPort = FreePort();
        info.Environment["PRINTFARM__MQTT__PORT"] = mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start printfarm serve");
        var coordinator = new CoordinatorProcess(process, address, dataDirectory, mqttPort);
        process.OutputDataReceived += (_, e) => coordinator.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => coordinator.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"printfarm serve exited with {process.ExitCode}:\n{coordinator.RecentLog}");
            if (deadline.Elapsed > timeout)
            {
                await coordinator.DisposeAsync();
                throw new TimeoutException($"printfarm serve did not answer /healthz within {timeout.TotalSeconds:0} s:\n{coordinator.RecentLog}");
            }
            try
            {
                using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                    break;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        var keyFile = Path.Combine(dataDirectory, "admin.key");
        coordinator.AdminKey = (await File.ReadAllTextAsync(keyFile)).Trim();
        return coordinator;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 40)
                _log.Dequeue();
        }
    }

    public double CpuSeconds() => ProcStats.CpuSeconds(_process.Id);

    public double ResidentMiB() => ProcStats.StatusMiB(_process.Id, "VmRSS");

    public double PeakResidentMiB() => ProcStats.StatusMiB(_process.Id, "VmHWM");

    /// <summary>SIGTERM, as systemd stops it; SIGKILL if it has not exited after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
                await kill!.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
