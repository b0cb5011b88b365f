using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using PrintFarm.Agent;
using PrintFarm.Agent.Tests.Support;
using PrintFarm.Printing.Connection;
using PrintFarm.Printing.Transports;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents;

/// <summary>
/// An agent in this process with virtual boards the test can see, against a <see cref="TestBroker"/> and a
/// <see cref="TestFileServer"/>. The G-code is the ear saver for the MK3S.
/// </summary>
internal sealed class AgentRig : IAsyncDisposable
{
    public const string AgentId = "agent-lab-1";
    public const string Key = "pf_test-agent-key_0123456789";
    public static readonly string GcodeFolder = Path.Combine(AppContext.BaseDirectory, "samples", "designs", "ear-saver");
    public static readonly string GcodeFile = Path.Combine(GcodeFolder, "mk3s_pla.gcode");

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Board>> _boards = new();
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
    private CancellationTokenSource? _stop;
    private Task? _run;

    private AgentRig(TestBroker broker, TestFileServer files, Watcher watcher, string data, double timeScale)
    {
        Broker = broker;
        Files = files;
        Watcher = watcher;
        DataDirectory = data;
        TimeScale = timeScale;
    }

    public TestBroker Broker { get; }

    public TestFileServer Files { get; }

    public Watcher Watcher { get; }

    public string DataDirectory { get; }

    public double TimeScale { get; }

    public AgentRunner Runner { get; private set; } = null!;

    public static string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(GcodeFile)));

    public static long Size { get; } = new FileInfo(GcodeFile).Length;

    public static async Task<AgentRig> StartAsync(double timeScale = 400, params string[] printers)
    {
        var broker = await TestBroker.StartAsync();
        var files = await TestFileServer.StartAsync(Key, GcodeFolder);
        var watcher = await Watcher.ConnectAsync(broker.Port);
        var rig = new AgentRig(broker, files, watcher, Directory.CreateTempSubdirectory("printfarm-agent-").FullName, timeScale);
        rig.Printers = printers.Length == 0 ? ["p1"] : printers;
        await rig.StartAgentAsync();
        return rig;
    }

    public IReadOnlyList<string> Printers { get; private set; } = [];

    public AgentOptions Options() => new()
    {
        AgentId = AgentId,
        Broker = Broker.Url(AgentId, Key),
        Coordinator = Files.BaseUrl.ToString(),
        DataDirectory = DataDirectory,
        ReconnectMaxSeconds = 1,
        StateIntervalSeconds = 10,
        Printers = Printers.Select(id => new AgentPrinterConfig { Id = id, Port = "virtual", Profile = "prusa" }).ToList(),
    };

    /// <summary>Starts the agent (again, with the same data directory, after <see cref="StopAgentAsync"/>).</summary>
    public async Task StartAgentAsync()
    {
        Runner = new AgentRunner(Options(), _loggers, OpenBoard, null, null, null);
        _stop = new CancellationTokenSource();
        _run = Task.Run(() => Runner.RunAsync(_stop.Token));
        foreach (var id in Printers)
            await Watcher.Eventually(() => Runner.Printer(id).Session?.State == PrintFarm.Printing.Protocol.SessionState.Ready, 20, $"{id} connects");
        await Watcher.Eventually(() => Runner.IsOnline, 20, "the agent comes online");
    }

    public async Task StopAgentAsync()
    {
        if (_stop is null || _run is null)
            return;
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(60));
        await Runner.DisposeAsync();
        _stop.Dispose();
        _stop = null;
        _run = null;
    }

    private BoardPort OpenBoard(LinkTarget config)
    {
        var board = new Board(config.Id, TimeScale);
        _boards.GetOrAdd(config.Id, _ => new ConcurrentQueue<Board>()).Enqueue(board);
        return new BoardPort(board);
    }

    /// <summary>The board behind the printer's current link (the latest one opened).</summary>
    public Board BoardOf(string printer) => _boards[printer].Last();

    public IEnumerable<Board> AllBoards(string printer) => _boards.TryGetValue(printer, out var q) ? q : [];

    public static CommandMessage StartJob(string commandId, long jobId, string? sha256 = null, string name = "mk3s_pla.gcode") =>
        new(commandId, MessageTypes.StartJob, JobId: jobId, Url: $"/api/agent-files/{name}", Sha256: sha256 ?? Sha256, Size: Size, Profile: "prusa");

    /// <summary>The G-code file's commands, as the board logs them when it executes them.</summary>
    public static IReadOnlyList<string> FileCommands()
    {
        var commands = new List<string>();
        using var reader = PrintFarm.Printing.Gcode.GcodeReader.Open(GcodeFile);
        while (reader.TryReadCommand(out var command, out _))
            commands.Add(Encoding.ASCII.GetString(command));
        return commands;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAgentAsync();
        await Watcher.DisposeAsync();
        await Files.DisposeAsync();
        await Broker.DisposeAsync();
        foreach (var board in _boards.Values.SelectMany(b => b))
            await board.DisposeAsync();
        _loggers.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temporary folder is left behind.
        }
    }

    private sealed class BoardPort(Board board) : IPrinterPort
    {
        public ILineTransport Transport => board.Transport;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
