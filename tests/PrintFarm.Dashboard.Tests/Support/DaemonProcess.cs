using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PrintFarm.Dashboard.Tests.Support;

/// <summary>
/// The real daemon as a child process: <c>printfarm serve --config CONFIG --data TEMP --urls http://127.0.0.1:PORT</c>.
/// Killed, with its children, on dispose; everything it printed is kept for the failure report.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private DaemonProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string AdminKeyPath => Path.Combine(DataDirectory, "admin.key");

    public bool HasExited => _process.HasExited;

    /// <summary>What the daemon wrote to stdout and stderr so far, with its exit code once it has one.</summary>
    public string Output
    {
        get
        {
            string text;
            lock (_outputLock)
            {
                text = _output.ToString();
            }

            return _process.HasExited ? $"{text}[exit code {_process.ExitCode}]\n" : text;
        }
    }

    public static DaemonProcess Start(string daemonAssembly, string configPath)
    {
        if (!File.Exists(daemonAssembly))
        {
            Assert.Fail($"The daemon is not built: {daemonAssembly} does not exist (set PRINTFARM_DAEMON to use another build).");
        }

        var data = Directory.CreateTempSubdirectory("printfarm-dashboard-").FullName;
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(daemonAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            daemonAssembly, "serve", "--config", configPath, "--data", data,
            "--urls", baseAddress.GetLeftPart(UriPartial.Authority),
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("PRINTFARM_DATA");
        // Its own MQTT broker port, so it never meets another test's coordinator on the default 1883.
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            start.Environment["PRINTFARM__MQTT__PORT"] = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var daemon = new DaemonProcess(process, baseAddress, data);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        TestContext.Progress.WriteLine($"daemon: {start.FileName} {string.Join(' ', start.ArgumentList)} (pid {process.Id})");
        return daemon;
    }

    /// <summary>Waits until <c>GET /healthz</c> answers 200 and the admin key file has its line; returns the key.</summary>
    public async Task<string> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var healthy = false;
        string? lastProblem = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasExited)
            {
                Assert.Fail($"The daemon exited before it was ready.\n{Output}");
            }

            if (!healthy)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                    healthy = response.StatusCode == HttpStatusCode.OK;
                    lastProblem = healthy ? null : $"/healthz answered {(int)response.StatusCode}";
                }
                catch (HttpRequestException e)
                {
                    lastProblem = $"/healthz: {e.Message}";
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastProblem = "/healthz timed out";
                }
            }

            if (healthy)
            {
                var key = ReadAdminKey();
                if (key is not null)
                {
                    return key;
                }

                lastProblem = $"{AdminKeyPath} is missing or empty";
            }

            await Task.Delay(250, cancellationToken);
        }

        Assert.Fail($"The daemon was not ready within {timeout.TotalSeconds:0} s: {lastProblem}.");
        return string.Empty; // not reached
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            TestContext.Progress.WriteLine($"daemon: could not stop pid {SafeId()}: {e.Message}");
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private string? ReadAdminKey()
    {
        try
        {
            var line = File.ReadLines(AdminKeyPath).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(line) ? null : line;
        }
        catch (IOException)
        {
            return null; // not written yet, or being written
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Append(line).Append('\n');
        }
    }

    private string SafeId()
    {
        try
        {
            return _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running these tests, so the daemon runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(fromSdk) ? "dotnet" : fromSdk;
    }
}
