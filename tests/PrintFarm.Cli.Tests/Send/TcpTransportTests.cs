using PrintFarm.Cli.Send;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Cli.Tests.Send;

/// <summary>Raw TCP, as ser2net and ESP3D serve a printer, against the virtual printer on loopback.</summary>
public class TcpTransportTests
{
    [Test]
    public async Task Send_OverTcp_ExecutesFileExactly()
    {
        var log = new StringWriter();
        using var printer = new VirtualPrinter(new VirtualPrinterOptions { Baud = 250000, LogWriter = TextWriter.Synchronized(log) });
        var server = VirtualPrinterTcp.Start(printer, 0);
        using var stop = new CancellationTokenSource();
        var run = server.RunAsync(stop.Token);
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "tcp-job.gcode");
        var commands = Enumerable.Range(1, 300).Select(i => $"G1 X{i % 200}.5 Y{i % 150}.25 E0.0{i % 9}").ToList();
        await File.WriteAllLinesAsync(file, commands);

        var stderr = new StringWriter();
        var request = new SendRequest($"tcp://127.0.0.1:{server.Port}", 250000, "auto", null, null, PrintFarm.Printing.Tests.Support.Profiles.Directory, true, file);
        var exit = await new SendRunner(request, new StringWriter(), stderr).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        await stop.CancelAsync();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        Assert.That(exit, Is.Zero, stderr.ToString());
        var executed = Samples.WithoutHostCommands(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.That(executed, Is.EqualTo(commands));
    }

    [Test]
    public void Connect_NothingListening_ClearTransportError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var transport = TransportFactory.Create($"tcp://127.0.0.1:{port}", 250000);
        var ex = Assert.ThrowsAsync<TransportException>(async () => await transport.OpenAsync(CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("cannot connect"));
    }

    [TestCase("tcp://")]
    [TestCase("tcp://host-without-port")]
    public void Create_BadTcpAddress_Refused(string port)
    {
        Assert.Throws<ArgumentException>(() => TransportFactory.Create(port, 250000));
    }
}
