using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace PrintFarm.Coordinator.Tests.Survival;

/// <summary>The last lines the child processes wrote, each with its time and source, for assertion messages.</summary>
internal sealed class ChildLog
{
    private readonly object _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;

    public ChildLog(int capacity = 400)
    {
        _capacity = capacity;
    }

    public void Add(string source, string line)
    {
        var entry = $"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} [{source}] {line}";
        lock (_gate)
        {
            _lines.Enqueue(entry);
            while (_lines.Count > _capacity)
                _lines.Dequeue();
        }
    }

    /// <summary>A note from the test itself, so the tail shows what the test did between the child's lines.</summary>
    public void Note(string line)
    {
        Add("test", line);
        TestContext.Progress.WriteLine($"survival: {line}");
    }

    public string Tail(int lines = 60)
    {
        lock (_gate)
            return "--- last child output ---\n" + string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lines)));
    }
}

/// <summary>
/// <c>dotnet printfarm.dll ...</c> as a real child process, with its stdout and stderr read into a <see cref="ChildLog"/>.
/// The command-line project is referenced by the test project, so it is built before the tests run.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything this process wrote, stdout and stderr interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary><c>src/PrintFarm.Cli/bin/{configuration}/{framework}/printfarm.dll</c>: built by this project's reference, run with its own dependencies.</summary>
    public static string DaemonDll { get; } = FindDaemon();

    private static string FindDaemon()
    {
        var metadata = typeof(ChildProcess).Assembly.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PrintFarm.sln")))
                return Path.Combine(dir.FullName, "src", "PrintFarm.Cli", "bin", metadata["BuildConfiguration"]!, metadata["TargetFramework"]!, "printfarm.dll");
        }
        throw new InvalidOperationException($"No PrintFarm.sln above {AppContext.BaseDirectory}.");
    }

    private static readonly int MqttPort = Support.TestFarm.FreePort();

    public static ChildProcess Start(ChildLog log, string name, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(log);
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(DaemonDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The child reads PRINTFARM__* over its config file: nothing from the test runner's environment may leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PRINTFARM", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Its own broker port, the same across restarts, so it never meets another test's coordinator.
        start.Environment["PRINTFARM__MQTT__PORT"] = MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, name);
        void Received(string? line)
        {
            if (line is null)
                return;
            lock (child._output)
                child._output.AppendLine(line);
            log.Add(name, line);
        }
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.Add("test", $"started {name}: pid {process.Id}: dotnet printfarm.dll {string.Join(' ', arguments)}");
        return child;
    }

    /// <summary>Runs a verb to its end; kills it and throws if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ChildLog log, string name, TimeSpan timeout, params string[] arguments)
    {
        using var child = Start(log, name, arguments);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await child._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"{name} did not finish within {timeout.TotalSeconds:0} s\n{child.Output}");
        }
        return (child.ExitCode, child.Output);
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux), then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code, or null when it had not exited within <paramref name="timeout"/>.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        if (SysKill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }

    /// <summary>The <c>dotnet</c> host running the tests, else the one on the PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return "dotnet";
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SysKill(int pid, int signal);
}
