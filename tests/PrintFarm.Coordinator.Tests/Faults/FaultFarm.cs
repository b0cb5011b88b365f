using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PrintFarm.Agent;
using PrintFarm.Agent.Tests.Support;
using PrintFarm.Coordinator.Tests.Agents;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Printing.Connection;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Coordinator.Tests.Faults;

/// <summary>What the fault tests share: an agent printer registered at a coordinator, its jobs, and an in-process agent on a board the test can see.</summary>
internal static class FaultFarm
{
    public const string PrinterId = "anna-mk3s";

    /// <summary>Registers <see cref="PrinterId"/> as reached through <paramref name="agentId"/>; returns the agent's user name and key.</summary>
    public static async Task<(string User, string Key, Uri Broker)> RegisterAsync(HttpClient staff, string agentId)
    {
        using var registered = await staff.PostJsonAsync("/api/printers", new
        {
            id = PrinterId, site = "home", link = "agent", address = agentId, bedXMm = 250, bedYMm = 210, material = "PLA", profile = "prusa",
        });
        var body = await registered.JsonAsync();
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var credentials = body.GetProperty("agentCredentials");
        return (credentials.GetProperty("username").GetString()!, credentials.GetProperty("password").GetString()!,
            new Uri(credentials.GetProperty("broker").GetString()!));
    }

    /// <summary>Clears the bed the printer came online with and queues one ear saver on it; returns the job's id.</summary>
    public static async Task<long> ClearBedAndQueueAsync(HttpClient staff)
    {
        await Http.EventuallyAsync(async () => await StateAsync(staff) == "needs-bed-clear", TimeSpan.FromSeconds(30), "the agent's printer comes online");
        using (var cleared = await staff.PostJsonAsync($"/api/printers/{PrinterId}/actions/clear-bed", new { goodParts = 0 }))
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var queued = await staff.PostJsonAsync("/api/jobs", new { designId = "ear-saver", copies = 1, printerId = PrinterId });
        var job = await queued.JsonAsync();
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created), job.ToString());
        return job.GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    public static async Task<string> StateAsync(HttpClient staff) => (await PrinterAsync(staff)).GetProperty("state").GetString()!;

    public static Task<JsonElement> PrinterAsync(HttpClient staff) => staff.GetJsonAsync($"/api/printers/{PrinterId}");

    public static Task<JsonElement> JobAsync(HttpClient staff, long jobId) => staff.GetJsonAsync($"/api/jobs/{jobId}");

    public static string JobState(JsonElement job) => job.GetProperty("state").GetString()!;

    /// <summary>The job's audit actions (<c>job.printing</c>, <c>job.completed</c>, ...), oldest first.</summary>
    public static IReadOnlyList<(DateTimeOffset At, string Action, string Actor, string Details)> Events(JsonElement job) =>
        job.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("action").GetString()!, e.GetProperty("actor").GetString() ?? "",
                e.GetProperty("details").GetString() ?? ""))
            .OrderBy(e => e.Item1).ToList();

    /// <summary>The start-job command ids in an agent's command journal, for <paramref name="jobId"/>.</summary>
    public static IReadOnlyList<string> JournalStarts(string agentData, long jobId)
    {
        var path = Path.Combine(agentData, "commands.json");
        if (!File.Exists(path))
            return [];
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateObject().SelectMany(p => p.Value.EnumerateArray())
            .Select(e => e.GetProperty("commandId").GetString()!)
            .Where(id => id.StartsWith($"start-{jobId}-", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Lines of the ear saver's G-code that occur once in the file: a print run twice would execute them twice.</summary>
    public static IReadOnlyList<string> UniqueFileCommands()
    {
        var commands = AgentRig.FileCommands();
        return commands.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Key).ToList();
    }
}

/// <summary>
/// <c>printfarm agent</c> in this process, with its printer on a <see cref="Board"/> the test can look into. Boards
/// outlive the agent's links, so every line a board executed can still be counted after the test.
/// </summary>
internal sealed class InProcessAgent : IAsyncDisposable
{
    private readonly List<Board> _boards = [];
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
    private readonly double _timeScale;
    private CancellationTokenSource? _stop;
    private Task? _run;

    public InProcessAgent(AgentOptions options, double timeScale)
    {
        Options = options;
        _timeScale = timeScale;
    }

    public AgentOptions Options { get; }

    public AgentRunner Runner { get; private set; } = null!;

    public IReadOnlyList<Board> Boards
    {
        get
        {
            lock (_boards)
                return [.. _boards];
        }
    }

    /// <summary>The agent's own view of its printer, as it would publish it now.</summary>
    public PrintFarm.Wire.PrinterStateMessage Truth => Runner.Printer(FaultFarm.PrinterId).CurrentState();

    public static AgentOptions OptionsFor(string user, string key, string host, int port, Uri coordinator, string data) => new()
    {
        AgentId = user,
        Broker = BrokerAddress.Format(false, host, port, user, key),
        Coordinator = coordinator.ToString(),
        DataDirectory = data,
        ReconnectMaxSeconds = 2,
        StateIntervalSeconds = 5,
        Printers = [new AgentPrinterConfig { Id = FaultFarm.PrinterId, Port = "virtual", Profile = "prusa" }],
    };

    public void Start()
    {
        Runner = new AgentRunner(Options, _loggers, OpenBoard, null, null, null);
        _stop = new CancellationTokenSource();
        _run = Task.Run(() => Runner.RunAsync(_stop.Token));
    }

    /// <summary>Stops the agent as systemd would (its stop token), and waits for its orderly end.</summary>
    public async Task StopAsync()
    {
        if (_stop is null || _run is null)
            return;
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(90));
        await Runner.DisposeAsync();
        _stop.Dispose();
        _stop = null;
        _run = null;
    }

    private BoardPort OpenBoard(LinkTarget config)
    {
        var board = new Board(config.Id, _timeScale);
        lock (_boards)
            _boards.Add(board);
        return new BoardPort(board);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var board in Boards)
            await board.DisposeAsync();
        _loggers.Dispose();
    }

    private sealed class BoardPort(Board board) : IPrinterPort
    {
        public ILineTransport Transport => board.Transport;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
