using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using PrintFarm.Daemon.Agent;
using PrintFarm.Daemon.Mqtt;
using PrintFarm.Daemon.Serve.Configuration;
using PrintFarm.Printing.Transports;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Daemon.Tests.Agent;

/// <summary>A plain MQTTnet broker on a loopback port, no ACL; it can be stopped and started again on the same port.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private MqttServer? _server;

    private TestBroker(int port) => Port = port;

    public int Port { get; }

    /// <summary>While set, only clients whose id passes may connect (the others are told the server is unavailable).</summary>
    public Func<string, bool>? Admit { get; set; }

    public static async Task<TestBroker> StartAsync()
    {
        var broker = new TestBroker(FreePort());
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>A new broker process on the same port: no sessions, no retained messages.</summary>
    public async Task StartAgainAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .WithDefaultEndpointReuseAddress()
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        server.ValidatingConnectionAsync += e =>
        {
            if (Admit is { } admit && !admit(e.ClientId))
                e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            return Task.CompletedTask;
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await server.StartAsync();
                break;
            }
            catch (SocketException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
        _server = server;
    }

    public async Task StopAsync()
    {
        if (_server is not { } server)
            return;
        _server = null;
        await server.StopAsync(new MqttServerStopOptionsBuilder().Build());
        server.Dispose();
    }

    public string Url(string agentId, string key) => BrokerAddress.Format(false, "127.0.0.1", Port, agentId, key);

    public async ValueTask DisposeAsync() => await StopAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One message as a subscriber saw it.</summary>
internal sealed record Seen(string Topic, string Payload, bool Retain)
{
    public JsonElement Json => JsonDocument.Parse(Payload).RootElement.Clone();
}

/// <summary>A subscriber to everything under the prefix, recording what arrives, that also sends commands.</summary>
internal sealed class Watcher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly int _port;
    private readonly string _id;

    private Watcher(int port, string id)
    {
        _port = port;
        _id = id;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _seen.Enqueue(new Seen(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public Topics Topics { get; } = new();

    public static async Task<Watcher> ConnectAsync(int port, string id = "watcher")
    {
        var watcher = new Watcher(port, id);
        await watcher.ReconnectAsync();
        return watcher;
    }

    public async Task ReconnectAsync()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _port)
            .WithClientId(_id)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .Build();
        await _client.ConnectAsync(options);
        await _client.SubscribeAsync(Topics.Prefix + "/#", MqttQualityOfServiceLevel.AtLeastOnce);
    }

    public IReadOnlyList<Seen> Seen => [.. _seen];

    public IReadOnlyList<Seen> On(string topic) => Seen.Where(s => s.Topic == topic).ToList();

    public IReadOnlyList<JsonElement> Events(string printer) => On(Topics.Events(printer)).Select(s => s.Json).ToList();

    public IReadOnlyList<JsonElement> Acks(string printer, string commandId) =>
        On(Topics.Acks(printer)).Select(s => s.Json).Where(a => a.GetProperty("commandId").GetString() == commandId).ToList();

    public async Task SendAsync(string printer, string payload) =>
        await _client.PublishStringAsync(Topics.Commands(printer), payload, MqttQualityOfServiceLevel.AtLeastOnce);

    public async Task SendAsync(string printer, byte[] payload) =>
        await _client.PublishBinaryAsync(Topics.Commands(printer), payload, MqttQualityOfServiceLevel.AtLeastOnce);

    public Task SendAsync(string printer, CommandMessage command) => SendAsync(printer, MqttJson.Serialize(command));

    /// <summary>Waits for the answer to a command and returns it.</summary>
    public async Task<JsonElement> AckAsync(string printer, string commandId, int count = 1, double seconds = 20)
    {
        await Eventually(() => Acks(printer, commandId).Count >= count, seconds, $"ack #{count} of {commandId}");
        return Acks(printer, commandId)[count - 1];
    }

    public static async Task Eventually(Func<bool> condition, double seconds, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                Assert.Fail($"not within {seconds:0} s: {what}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
            await _client.TryDisconnectAsync();
        _client.Dispose();
    }
}

/// <summary>A stand-in for the coordinator's file download: G-code files by name, only with the right X-Api-Key.</summary>
internal sealed class TestFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _downloads;

    private TestFileServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public int Downloads => Volatile.Read(ref _downloads);

    public int Refused { get; private set; }

    public static async Task<TestFileServer> StartAsync(string key, string folder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestFileServer(app);
        app.MapGet("/api/agent-files/{name}", (string name, HttpRequest request) =>
        {
            if (request.Headers["X-Api-Key"] != key)
            {
                server.Refused++;
                return Results.Unauthorized();
            }
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
                return Results.NotFound();
            Interlocked.Increment(ref server._downloads);
            return Results.File(path, "text/x-gcode");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A virtual board the test can look into: every command it executed, in order.</summary>
internal sealed class Board : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LineSink _executed = new();
    private readonly Task _run;

    public Board(string id, double timeScale)
    {
        Printer = new VirtualPrinter(new VirtualPrinterOptions
        {
            Dialect = VirtualPrinterDialect.Prusa,
            Baud = 2_000_000,
            Motion = true,
            TimeScale = timeScale,
            LogWriter = _executed,
        });
        var (host, printerEnd) = InMemoryWire.CreatePair();
        Transport = new InMemoryTransport(host, $"virtual:{id}");
        _run = Task.Run(() => Printer.RunAsync(printerEnd, _stop.Token));
    }

    public VirtualPrinter Printer { get; }

    public ILineTransport Transport { get; }

    public IReadOnlyList<string> Executed => _executed.Lines;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or TimeoutException)
        {
            // Stopped with its link.
        }
        Printer.Dispose();
        _stop.Dispose();
    }

    /// <summary>Collects lines written from the firmware thread.</summary>
    private sealed class LineSink : TextWriter
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];
        private readonly StringBuilder _current = new();

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lock)
                    return [.. _lines];
            }
        }

        public override void Write(char value)
        {
            lock (_lock)
            {
                if (value == '\n')
                {
                    _lines.Add(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                    _current.Append(value);
            }
        }
    }
}

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

    private BoardPort OpenBoard(PrinterConfig config)
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
