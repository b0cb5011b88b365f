using System.IO.Ports;
using System.Runtime.Versioning;
using System.Text;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

[Platform(Include = "Linux")]
[SupportedOSPlatform("linux")]
public class VirtualPrinterPtyTests
{
    private string _link = string.Empty;

    [SetUp]
    public void NewLink() => _link = Path.Combine(Path.GetTempPath(), $"printfarm-vp-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveLink()
    {
        if (new FileInfo(_link).LinkTarget is not null || File.Exists(_link))
            File.Delete(_link);
    }

    private static SerialPort OpenPort(string link, int baud)
    {
        var port = new SerialPort(link, baud) { NewLine = "\n", ReadTimeout = 5000, WriteTimeout = 5000 };
        port.Open();
        return port;
    }

    [Test]
    public async Task SerialPort_OpensTheLinkAt250000And115200_AndSurvivesReopening()
    {
        using var printer = new VirtualPrinter(new VirtualPrinterOptions());
        using var pty = VirtualPrinterPty.Create(printer, _link);
        using var stop = new CancellationTokenSource();
        var run = pty.RunAsync(stop.Token);
        Assert.That(new FileInfo(_link).LinkTarget, Is.EqualTo(pty.SlavePath).And.StartsWith("/dev/pts/"));

        using (var port = OpenPort(_link, 250000))
        {
            port.WriteLine("N0 M110 N0*125");
            Assert.That(port.ReadLine(), Is.EqualTo("ok"));
            port.WriteLine("N1 M105*38");
            Assert.That(port.ReadLine(), Is.EqualTo("ok T:21.40 /0.00 B:21.30 /0.00 @:0 B@:0"));
        }
        using (var port = OpenPort(_link, 115200))
        {
            port.WriteLine("N2 M104 S210*100");
            Assert.That(port.ReadLine(), Is.EqualTo("ok"));
            port.WriteLine("N3 M105*36");
            Assert.That(port.ReadLine(), Is.EqualTo("ok T:210.00 /210.00 B:21.30 /0.00 @:127 B@:0"));
        }
        await stop.CancelAsync();
        await run.WaitAsync(PrinterHarness.Deadline);
        Assert.That(printer.Stats.CommandsExecuted, Is.EqualTo(4));
    }

    [Test]
    public async Task DisconnectAfter_ThePortVanishes_ReadsFailAndTheLinkIsGone()
    {
        using var printer = new VirtualPrinter(new VirtualPrinterOptions { DisconnectAfter = 2 });
        using var pty = VirtualPrinterPty.Create(printer, _link);
        var run = pty.RunAsync(CancellationToken.None);
        using var port = OpenPort(_link, 250000);
        var stream = port.BaseStream;
        stream.Write("M105\nM105\nM105\n"u8);
        var received = new StringBuilder();
        var buffer = new byte[256];
        var failure = Assert.CatchAsync(async () =>
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(PrinterHarness.Deadline);
                if (read == 0)
                    throw new EndOfStreamException();
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        });
        Assert.That(failure, Is.InstanceOf<ObjectDisposedException>().Or.InstanceOf<IOException>());
        Assert.That(received.ToString(), Does.StartWith("ok T:").And.EndsWith("\n"));
        Assert.That(received.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
        await run.WaitAsync(PrinterHarness.Deadline);
        Assert.That(new FileInfo(_link).LinkTarget, Is.Null, "the link was removed");
        Assert.That(() => OpenPort(_link, 250000), Throws.InstanceOf<UnauthorizedAccessException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public void Create_ReplacesAStaleLink_ButNotAFile()
    {
        File.CreateSymbolicLink(_link, "/dev/pts/does-not-exist");
        using (var printer = new VirtualPrinter(new VirtualPrinterOptions()))
        using (var pty = VirtualPrinterPty.Create(printer, _link))
            Assert.That(new FileInfo(_link).LinkTarget, Is.EqualTo(pty.SlavePath));
        Assert.That(new FileInfo(_link).LinkTarget, Is.Null, "disposing removes the link");

        File.WriteAllText(_link, "not a link");
        using var other = new VirtualPrinter(new VirtualPrinterOptions());
        Assert.That(() => VirtualPrinterPty.Create(other, _link), Throws.InstanceOf<IOException>());
    }
}
