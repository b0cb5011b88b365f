using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Coordinator.Tests.Printers;

/// <summary>
/// A printer on a real serial port (a pseudo-terminal, opened through System.IO.Ports) that is missing at
/// start, appears, vanishes mid-life and returns, next to a printer that must not notice any of it.
/// </summary>
[Platform("Linux")]
public sealed class LocalPortTests
{
    [Test]
    public async Task A_missing_port_leaves_its_printer_offline_retries_with_backoff_and_reconnects_when_it_returns()
    {
        var dir = Directory.CreateTempSubdirectory("printfarm-port-").FullName;
        var port = Path.Combine(dir, "ttyACM0");
        var config = FarmConfigs.Farm(0, 0,
            $$"""{ "id": "usb-1", "site": "lab", "port": "{{port}}", "baud": 250000, "profile": "marlin", "bedXMm": 235, "bedYMm": 235, "material": "PLA" }""",
            FarmConfigs.Printer("steady", autoClearBed: true, timeScale: 100));
        await using var farm = await TestFarm.StartAsync(config, new Dictionary<string, string?> { ["ReconnectMaxSeconds"] = "2" });
        using var admin = farm.Admin();
        async Task<string> State(string id) => (await admin.GetJsonAsync($"/api/printers/{id}")).GetProperty("state").GetString()!;
        var live = farm.Services.GetRequiredService<LiveStatusBoard>().For("usb-1");

        await Http.EventuallyAsync(async () => await State("steady") == "ready", TimeSpan.FromSeconds(20), "the virtual printer comes up");
        await Task.Delay(TimeSpan.FromSeconds(6));
        var attemptsWhileMissing = live.ConnectAttempts;
        Assert.Multiple(async () =>
        {
            Assert.That(await State("usb-1"), Is.EqualTo("offline"));
            Assert.That(attemptsWhileMissing, Is.InRange(2, 10), "retries, but with back-off, never in a tight loop");
            Assert.That(await State("steady"), Is.EqualTo("ready"), "one missing port never stops the others");
        });

        var first = StartPty(port);
        await Http.EventuallyAsync(async () => await State("usb-1") == "needs-bed-clear", TimeSpan.FromSeconds(20), "usb-1 connects once its port appears");
        using (var cleared = await admin.PostJsonAsync("/api/printers/usb-1/actions/clear-bed", new { goodParts = 0 }))
            Assert.That((await cleared.JsonAsync()).GetProperty("state").GetString(), Is.EqualTo("ready"));
        var temperatures = (await admin.GetJsonAsync("/api/printers/usb-1")).GetProperty("temperatures");

        await first.DisposeAsync();
        await Http.EventuallyAsync(async () => await State("usb-1") == "offline", TimeSpan.FromSeconds(30), "usb-1 goes offline when its device vanishes");
        Assert.That(await State("steady"), Is.EqualTo("ready"));

        await using var second = StartPty(port);
        await Http.EventuallyAsync(async () => await State("usb-1") == "needs-bed-clear", TimeSpan.FromSeconds(20), "usb-1 comes back when the port returns");
        Assert.That(temperatures.ValueKind, Is.Not.EqualTo(JsonValueKind.Undefined));
        Directory.Delete(dir, recursive: true);
    }

    private static PtyHandle StartPty(string link)
    {
        var printer = new VirtualPrinter(new VirtualPrinterOptions { Baud = 250000 });
        var pty = VirtualPrinterPty.Create(printer, link);
        var stop = new CancellationTokenSource();
        return new PtyHandle(printer, pty, stop, pty.RunAsync(stop.Token));
    }

    private sealed record PtyHandle(VirtualPrinter Printer, VirtualPrinterPty Pty, CancellationTokenSource Stop, Task Run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
            Pty.Dispose();
            Printer.Dispose();
            Stop.Dispose();
        }
    }
}
