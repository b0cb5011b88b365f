using System.Net.Sockets;
using System.Text;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class VirtualPrinterTcpTests
{
    private static async Task<StreamReader> ConnectAsync(TcpClient client, int port)
    {
        await client.ConnectAsync("127.0.0.1", port);
        return new StreamReader(client.GetStream(), Encoding.ASCII);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader)
    {
        using var deadline = new CancellationTokenSource(PrinterHarness.Deadline);
        return await reader.ReadLineAsync(deadline.Token);
    }

    [Test]
    public async Task Tcp_PortZero_BindsAFreePort_AndServesClientsOneAfterAnother()
    {
        using var printer = new VirtualPrinter(new VirtualPrinterOptions());
        using var tcp = VirtualPrinterTcp.Start(printer, 0);
        using var stop = new CancellationTokenSource();
        var run = tcp.RunAsync(stop.Token);
        Assert.That(tcp.Port, Is.GreaterThan(0));
        foreach (var line in new[] { "N1 M105*38", "N2 M105*37" })
        {
            using var client = new TcpClient();
            using var reader = await ConnectAsync(client, tcp.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
            Assert.That(await ReadLineAsync(reader), Is.EqualTo("ok T:21.40 /0.00 B:21.30 /0.00 @:0 B@:0"));
        }
        await stop.CancelAsync();
        await run.WaitAsync(PrinterHarness.Deadline);
        Assert.That(printer.Stats.CommandsExecuted, Is.EqualTo(2), "the line number carried over from one client to the next");
    }

    [Test]
    public async Task Tcp_SecondClientWhileOneIsServed_IsClosed()
    {
        using var printer = new VirtualPrinter(new VirtualPrinterOptions());
        using var tcp = VirtualPrinterTcp.Start(printer, 0);
        using var stop = new CancellationTokenSource();
        var run = tcp.RunAsync(stop.Token);
        using var first = new TcpClient();
        using var firstReader = await ConnectAsync(first, tcp.Port);
        await first.GetStream().WriteAsync("M105\n"u8.ToArray());
        Assert.That(await ReadLineAsync(firstReader), Does.StartWith("ok T:"));
        using var second = new TcpClient();
        using var secondReader = await ConnectAsync(second, tcp.Port);
        Assert.That(await ReadLineAsync(secondReader), Is.Null, "closed without a word");
        Assert.That(tcp.RejectedClients, Is.EqualTo(1));
        await stop.CancelAsync();
        await run.WaitAsync(PrinterHarness.Deadline);
    }

    [Test]
    public async Task Tcp_DisconnectAfter_ClosesTheClientAndStopsListening()
    {
        using var printer = new VirtualPrinter(new VirtualPrinterOptions { DisconnectAfter = 1 });
        using var tcp = VirtualPrinterTcp.Start(printer, 0);
        var run = tcp.RunAsync(CancellationToken.None);
        using var client = new TcpClient();
        using var reader = await ConnectAsync(client, tcp.Port);
        await client.GetStream().WriteAsync("M105\nM105\n"u8.ToArray());
        Assert.That(await ReadLineAsync(reader), Does.StartWith("ok T:"));
        Assert.That(await ReadLineAsync(reader), Is.Null);
        await run.WaitAsync(PrinterHarness.Deadline);
        using var again = new TcpClient();
        Assert.That(async () => await again.ConnectAsync("127.0.0.1", tcp.Port), Throws.InstanceOf<SocketException>());
    }
}
