using PrintFarm.Cli.Send;
using PrintFarm.Printing.Tests.Support;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Cli.Tests.Send;

/// <summary><c>printfarm send --verbose</c> shows the wire; without it, stderr stays for the one error line.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SendVerboseTests
{
    [TestCase(true)]
    [TestCase(false)]
    [CancelAfter(60_000)]
    public async Task Send_Verbose_ShowsWireTranscriptOnlyWhenAsked(bool verbose, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"verbose-{Guid.NewGuid():N}.gcode");
        await File.WriteAllLinesAsync(file, ["G28", "G1 X10 Y10 F3000", "M400"], cancellationToken);
        try
        {
            await using var printer = PtyPrinter.Start(new VirtualPrinterOptions { Baud = 250000 });
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var request = new SendRequest(printer.Link, 250000, "auto", null, null, PrintFarm.Printing.Tests.Support.Profiles.Directory, true, file, verbose);

            var exit = await new SendRunner(request, stdout, stderr).RunAsync(cancellationToken).WaitAsync(cancellationToken);

            Assert.That(exit, Is.Zero, stderr.ToString());
            var log = stderr.ToString();
            if (verbose)
            {
                Assert.That(log, Does.Contain("-> N1 M115*"));
                Assert.That(log, Does.Contain("G1 X10 Y10 F3000*"));
                Assert.That(log, Does.Contain("<- ok"));
            }
            else
            {
                Assert.That(log, Is.Empty);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
