using PrintFarm.Cli.Send;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Cli.Tests.Send;

/// <summary><c>printfarm send</c> against a virtual printer on a real pseudo-terminal.</summary>
[Category("Stream")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SendCommandTests
{
    private static SendRequest Request(string port, string file, string profile = "auto", bool json = true) =>
        new(port, 250000, profile, null, null, PrintFarm.Printing.Tests.Support.Profiles.Directory, json, file);

    private static async Task<(int Exit, string Out, string Err, long ExitedAt)> RunAsync(SendRequest request, PtyPrinter printer)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await new SendRunner(request, stdout, stderr).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
        return (exit, stdout.ToString(), stderr.ToString(), System.Diagnostics.Stopwatch.GetTimestamp());
    }

    [Test]
    public async Task Send_RealFileOverPtyWithOnePercentCorrupted_ExecutesExactly()
    {
        await using var printer = PtyPrinter.Start(new VirtualPrinterOptions { Baud = 250000, LatencyMs = 1, CorruptProbability = 0.01, Seed = 7 });
        var (exit, stdout, stderr, _) = await RunAsync(Request(printer.Link, Samples.EarSaverMk3s), printer);
        Assert.That(exit, Is.Zero, stderr);
        var summary = System.Text.Json.JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.That(summary.GetProperty("resends").GetInt64(), Is.GreaterThan(100));
        foreach (var key in new[] { "lines", "bytes", "seconds", "lines_per_s", "errors" })
            Assert.That(summary.TryGetProperty(key, out _), Is.True, key);
        var expected = Samples.WithoutHostCommands(Samples.Commands(Samples.EarSaverMk3s));
        Assert.That(Samples.Diff(expected, Samples.WithoutHostCommands(printer.Executed)), Is.EqualTo("identical"));
        // Lines already on the wire after a bad one each drew another request after the ring was
        // flushed: the burst was exercised, and replayed once per burst.
        Assert.That(printer.Printer.Stats.ResendRequests, Is.GreaterThan(summary.GetProperty("resends").GetInt64()));
    }

    [Test]
    public async Task Send_ThermalRunawayMidPrint_ExitsNonZeroWithinOneSecondNamingTheError()
    {
        await using var printer = PtyPrinter.Start(new VirtualPrinterOptions { Baud = 250000, LatencyMs = 1, HaltAfter = 3000 });
        var (exit, _, stderr, exitedAt) = await RunAsync(Request(printer.Link, Samples.EarSaverMk3s), printer);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("Thermal Runaway"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(printer.HaltedAt, Is.Not.Null);
        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(printer.HaltedAt!.Value, exitedAt), Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Send_PortVanishesMidPrint_DetectedWithinTwoSeconds()
    {
        await using var printer = PtyPrinter.Start(new VirtualPrinterOptions { Baud = 250000, LatencyMs = 1, DisconnectAfter = 3000 });
        var (exit, _, stderr, exitedAt) = await RunAsync(Request(printer.Link, Samples.EarSaverMk3s), printer);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(printer.Link));
        Assert.That(printer.DisconnectedAt, Is.Not.Null);
        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(printer.DisconnectedAt!.Value, exitedAt), Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    private static string Write(string name, byte[] content)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static IEnumerable<TestCaseData> BadFiles()
    {
        var ascii = System.Text.Encoding.ASCII;
        yield return new TestCaseData("nul.gcode", ascii.GetBytes("G28\nG1 X10\0 Y10\n"), "auto", "NUL").SetName("Send_NulBytes_RefusedNothingSent");
        yield return new TestCaseData("binary.gcode", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "auto", "not a text G-code file").SetName("Send_BinaryFile_RefusedNothingSent");
        yield return new TestCaseData("long.gcode", ascii.GetBytes("G28\nG1 X1 " + string.Concat(Enumerable.Repeat("Y1.000 ", 14)) + "\n"), "marlin", "longer than").SetName("Send_CommandOver96Characters_RefusedNothingSent");
        yield return new TestCaseData("eeprom.gcode", ascii.GetBytes("G28\nM500\nG1 X1\n"), "marlin", "M500").SetName("Send_ForbiddenCommand_RefusedNothingSent");
        yield return new TestCaseData("eeprom-auto.gcode", ascii.GetBytes("G28\nM502\nG1 X1\n"), "auto", "M502").SetName("Send_ForbiddenCommandAutoProfile_RefusedNothingSent");
        yield return new TestCaseData("empty.gcode", ascii.GetBytes("; only a comment\n\n"), "auto", "no G-code commands").SetName("Send_NoCommands_RefusedNothingSent");
    }

    [TestCaseSource(nameof(BadFiles))]
    public async Task Send_BadFile_OneLineErrorExitTwoNothingSent(string name, byte[] content, string profile, string mentions)
    {
        await using var printer = PtyPrinter.Start(new VirtualPrinterOptions { Baud = 0 });
        var (exit, _, stderr, _) = await RunAsync(Request(printer.Link, Write(name, content), profile), printer);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.StartWith("error: ").And.Contain(mentions));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(printer.Printer.Stats.BytesReceived, Is.Zero);
    }

    [Test]
    public async Task Send_MissingFile_RefusedNothingSent()
    {
        await using var printer = PtyPrinter.Start(new VirtualPrinterOptions { Baud = 0 });
        var (exit, _, stderr, _) = await RunAsync(Request(printer.Link, "/nonexistent/shield.gcode"), printer);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("not found"));
        Assert.That(printer.Printer.Stats.BytesReceived, Is.Zero);
    }

    [Test]
    public async Task Send_MissingPort_ExitsOneWithClearError()
    {
        var stderr = new StringWriter();
        var exit = await new SendRunner(Request("/dev/printfarm-no-such-port", Samples.EarSaverMk3s), new StringWriter(), stderr).RunAsync(CancellationToken.None);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("no such serial port"));
    }
}
