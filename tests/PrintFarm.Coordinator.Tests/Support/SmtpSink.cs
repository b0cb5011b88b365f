using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>
/// A real SMTP server on loopback for the e-mail tests: Debian's <c>python3-aiosmtpd</c>, saving each message it
/// takes into a Maildir that the test reads back with MimeKit. Missing, it fails the test under CI and skips it elsewhere.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly string _dir;
    private Process? _process;

    private SmtpSink(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A sink on a free port, not yet started (a test may start it late, to play a server that is away).</summary>
    public static SmtpSink Create(int? port = null)
    {
        if (!Available())
        {
            const string Missing = "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)";
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false")
                Assert.Fail(Missing);
            Assert.Ignore(Missing);
        }
        return new SmtpSink(Directory.CreateTempSubdirectory("printfarm-smtp-").FullName, port ?? TestFarm.FreePort());
    }

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = Create();
        await sink.StartServerAsync();
        return sink;
    }

    public async Task StartServerAsync()
    {
        var start = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(_dir, "mail")])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            Assert.That(_process.HasExited, Is.False, "aiosmtpd exited at start");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Every message taken so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folders = new[] { "new", "cur" }.Select(f => Path.Combine(_dir, "mail", f)).Where(Directory.Exists);
        return folders.SelectMany(Directory.GetFiles)
            .Select(f => (File: f, Message: MimeMessage.Load(f)))
            .OrderBy(m => m.Message.Date).ThenBy(m => File.GetLastWriteTimeUtc(m.File))
            .Select(m => m.Message).ToList();
    }

    /// <summary>The messages to one address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }

    private const string Python = "/usr/bin/python3";

    private static bool Available()
    {
        if (!File.Exists(Python))
            return false;
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, UseShellExecute = false })!;
        check.WaitForExit(10_000);
        return check.HasExited && check.ExitCode == 0;
    }
}
