using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using PrintFarm.Coordinator.Tests.Support;
namespace PrintFarm.Coordinator.Tests.Faults;

/// <summary>
/// A Mosquitto of the test's own, a child process it may kill and start again on the same port: loopback only, no
/// anonymous access, no persistence (a restart loses sessions and retained messages), and the contract's ACL for
/// one agent and its printer. Needs Debian's mosquitto package; without it the test is ignored, or fails under CI.
/// </summary>
internal sealed class MosquittoProcess : IAsyncDisposable
{
    private const string Coordinator = "printfarm-coordinator";
    private readonly string _dir;
    private readonly string _binary;
    private readonly string _passwd;
    private readonly string _coordinatorPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    private Process? _process;

    private MosquittoProcess(string dir, string binary, string passwd, int port)
    {
        _dir = dir;
        _binary = binary;
        _passwd = passwd;
        Port = port;
    }

    public int Port { get; }

    public string CoordinatorUrl => $"mqtt://{Coordinator}:{_coordinatorPassword}@127.0.0.1:{Port}";

    public static MosquittoProcess Create(string agentId, string printerId)
    {
        var binary = Find("mosquitto", "/usr/sbin/mosquitto");
        var passwd = Find("mosquitto_passwd", "/usr/bin/mosquitto_passwd");
        if (binary is null || passwd is null)
        {
            const string Missing = "mosquitto is not installed (apt-get install mosquitto)";
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false")
                Assert.Fail(Missing);
            Assert.Ignore(Missing);
        }
        var dir = Directory.CreateTempSubdirectory("printfarm-mosquitto-fault-").FullName;
        var broker = new MosquittoProcess(dir, binary!, passwd!, TestFarm.FreePort());
        const string Prefix = "printfarm/v1";
        File.WriteAllText(Path.Combine(dir, "acl"), string.Join('\n',
        [
            $"pattern write {Prefix}/agents/%u/online",
            $"user {Coordinator}",
            $"topic readwrite {Prefix}/#",
            $"user {agentId}",
            .. new[] { "state", "events", "acks", "gcode/rx" }.Select(leaf => $"topic write {Prefix}/printers/{printerId}/{leaf}"),
            .. new[] { "commands", "gcode/tx" }.Select(leaf => $"topic read {Prefix}/printers/{printerId}/{leaf}"),
            "",
        ]));
        File.WriteAllText(Path.Combine(dir, "mosquitto.conf"), string.Join('\n',
        [
            // As root Mosquitto would drop to the mosquitto user, which cannot read this folder: it stays who it is.
            $"user {Environment.UserName}",
            "persistence false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "per_listener_settings false",
            "allow_anonymous false",
            $"password_file {Path.Combine(dir, "passwd")}",
            $"acl_file {Path.Combine(dir, "acl")}",
            "max_packet_size 66000",
            $"listener {broker.Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "",
        ]));
        return broker;
    }

    /// <summary>Adds a user to the password file; it counts from the next start.</summary>
    public async Task AddUserAsync(string user, string password)
    {
        var file = Path.Combine(_dir, "passwd");
        if (!File.Exists(file))
            await File.WriteAllTextAsync(file, "");
        using var run = Process.Start(new ProcessStartInfo(_passwd, ["-b", file, user, password]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.That(run.ExitCode, Is.Zero, $"mosquitto_passwd: {error}");
    }

    /// <summary>Starts Mosquitto (again, on the same port) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(Path.Combine(_dir, "passwd")))
            await AddUserAsync(Coordinator, _coordinatorPassword);
        var start = new ProcessStartInfo(_binary, ["-c", Path.Combine(_dir, "mosquitto.conf")])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
                TestContext.Progress.WriteLine($"mosquitto: {line}");
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
                Assert.Fail($"mosquitto exited at start with code {_process.ExitCode}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGKILL: no goodbye to anyone, every session and retained message lost.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the system's temp cleaning.
        }
    }

    private static string? Find(string name, string fallback)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return File.Exists(fallback) ? fallback : null;
    }
}
