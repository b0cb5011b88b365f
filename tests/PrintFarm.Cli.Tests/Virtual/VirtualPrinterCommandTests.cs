using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
namespace PrintFarm.Cli.Tests.Virtual;

public class VirtualPrinterCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static RootCommand Root()
    {
        var root = new RootCommand("test");
        CliCommands.AddAll(root);
        return root;
    }

    [TestCase("")]
    [TestCase("--pty /tmp/x --tcp 1")]
    [TestCase("--baud abc --tcp 0")]
    [TestCase("--tcp 0 --dialect repetier")]
    [TestCase("--tcp 0 --corrupt 2")]
    [TestCase("--tcp 0 --queue 0")]
    [TestCase("--tcp 0 --bogus")]
    [TestCase("--tcp 70000")]
    [TestCase("--tcp 0 --drop-ok 1.5")]
    [TestCase("--tcp 0 --faults -0.1")]
    public async Task BadOptions_OneLineOnStandardError_ExitTwo(string arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = Root().Parse("virtual-printer " + arguments);
        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, CancellationToken.None);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString().TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("virtual-printer: "));
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DropOk_LosesThatShareOfOks_AndTheSameSeedLosesTheSameOnes(CancellationToken cancellation)
    {
        var first = await OksForTwentyCommandsAsync("--drop-ok 0.5 --seed 7", cancellation);
        var again = await OksForTwentyCommandsAsync("--drop-ok 0.5 --seed 7", cancellation);
        var clean = await OksForTwentyCommandsAsync("", cancellation);
        Assert.Multiple(() =>
        {
            Assert.That(clean, Is.EqualTo(20));
            Assert.That(first, Is.InRange(3, 17), "about half the oks are lost");
            Assert.That(again, Is.EqualTo(first), "a seeded run repeats");
        });
    }

    /// <summary>Sends 20 commands to a virtual printer started with <paramref name="faults"/>; counts the oks that come back.</summary>
    private static async Task<int> OksForTwentyCommandsAsync(string faults, CancellationToken cancellation)
    {
        var output = new AnnouncingWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var run = Root().Parse($"virtual-printer --tcp 0 --baud 0 {faults}").InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, stop.Token);
        var announced = await output.FirstLine.WaitAsync(Deadline, cancellation);
        var port = int.Parse(announced.Split(':')[1].Split(' ')[0], CultureInfo.InvariantCulture);
        var oks = 0;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, cancellation);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            for (var i = 0; i < 20; i++)
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("G4 P0\n"), cancellation);
            await client.GetStream().WriteAsync("M400\n"u8.ToArray(), cancellation);
            // Read until the line goes quiet: every answer to the 21 commands has arrived by then.
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                quiet.CancelAfter(TimeSpan.FromMilliseconds(700));
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    break;
                }
                if (line is null)
                    break;
                if (line.StartsWith("ok", StringComparison.Ordinal))
                    oks++;
            }
        }
        await stop.CancelAsync();
        await run.WaitAsync(Deadline, cancellation);
        return Math.Min(oks, 20);
    }

    [Test]
    public async Task Tcp_AnnouncesItsPort_ServesAHost_AndPrintsStatsWhenStopped()
    {
        var output = new AnnouncingWriter();
        using var stop = new CancellationTokenSource();
        var parse = Root().Parse("virtual-printer --tcp 0 --baud 0 --dialect prusa");
        var run = parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, stop.Token);

        var announced = await output.FirstLine.WaitAsync(Deadline);
        Assert.That(announced, Does.Match(@"^virtual printer on 127\.0\.0\.1:\d+ without wire timing$"));
        var port = int.Parse(announced.Split(':')[1].Split(' ')[0], CultureInfo.InvariantCulture);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", port);
            await client.GetStream().WriteAsync("M105\n"u8.ToArray());
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            using var deadline = new CancellationTokenSource(Deadline);
            Assert.That(await reader.ReadLineAsync(deadline.Token), Does.StartWith("ok T:21.4 /0.0 B:21.3 /0.0 T0:"));
        }
        await stop.CancelAsync();
        Assert.That(await run.WaitAsync(Deadline), Is.Zero);
        Assert.That(output.ToString(), Does.Contain("virtual printer stopped: executed=1 "));
    }

    /// <summary>Collects output and completes <see cref="FirstLine"/> with the first line written.</summary>
    private sealed class AnnouncingWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstLine => _first.Task;

        public override void WriteLine(string? value)
        {
            lock (this)
                base.WriteLine(value);
            _first.TrySetResult(value ?? string.Empty);
        }

        public override string ToString()
        {
            lock (this)
                return base.ToString();
        }
    }
}
