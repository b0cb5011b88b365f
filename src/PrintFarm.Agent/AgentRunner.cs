using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Profiles;
using PrintFarm.Wire;

namespace PrintFarm.Agent;

/// <summary>
/// One agent: its broker link, the command journal, and a loop per printer. <see cref="RunAsync"/> runs until
/// stopped, then stops the printers (a running print is cancelled through the firmware's cancel script and reported),
/// delivers what it can of the outboxes, publishes each printer's last state and <c>online = false</c>, and leaves.
/// </summary>
public sealed partial class AgentRunner : IAsyncDisposable
{
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    private readonly AgentOptions _options;
    private readonly ILogger _log;
    private readonly BrokerLink _broker;
    private readonly HttpClient _http;
    private readonly Dictionary<string, AgentPrinter> _printers;

    public AgentRunner(AgentOptions options, ILoggerFactory loggers)
        : this(options, loggers, null, null, null, null)
    {
    }

    internal AgentRunner(AgentOptions options, ILoggerFactory loggers, PrinterPortOpener? openPort, TimeProvider? time, HttpMessageHandler? http, ProfileCatalog? profiles)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        time ??= TimeProvider.System;
        _log = loggers.CreateLogger("PrintFarm.Agent");
        var dataDirectory = options.DataDirectory ?? AgentOptions.DefaultDataDirectory();
        Directory.CreateDirectory(dataDirectory);
        DataDirectory = dataDirectory;
        Session = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMddTHHmmssZ}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        var topics = new Topics(options.Prefix);
        _broker = new BrokerLink(options, topics, options.Printers.Select(p => p.Id).ToList(), time, loggers.CreateLogger("PrintFarm.Agent.Broker"));
        _http = http is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : new HttpClient(http) { Timeout = Timeout.InfiniteTimeSpan };
        var downloader = new GcodeDownloader(_http, new Uri(options.Coordinator), options.GetAgentKey(), options.MaxDownloadMegabytes * 1024L * 1024L,
            TimeSpan.FromSeconds(options.DownloadTimeoutSeconds));
        var journal = CommandJournal.Open(Path.Combine(dataDirectory, "commands.json"), _log);
        var context = new AgentContext(options, topics, _broker, journal, downloader, profiles ?? ProfileCatalog.LoadDefault(), openPort ?? PrinterPorts.Open,
            time, loggers, Session, dataDirectory);
        CleanGcodeFolder(dataDirectory);
        _printers = options.Printers.ToDictionary(p => p.Id, p => new AgentPrinter(p, context), StringComparer.Ordinal);
        _broker.CommandReceived = (printerId, payload) =>
        {
            if (_printers.TryGetValue(printerId, out var printer))
                printer.Post(payload);
        };
        _broker.Connected = async ct =>
        {
            // The broker may have lost everything, retained messages too: every printer's true state goes out again.
            foreach (var printer in _printers.Values)
                await printer.PublishStateAsync(ct).ConfigureAwait(false);
        };
    }

    /// <summary>This run's session id, in every event's <c>session</c>.</summary>
    public string Session { get; }

    public string DataDirectory { get; }

    /// <summary>The broker link is up, subscribed and announced.</summary>
    public bool IsOnline => _broker.IsReady;

    internal AgentPrinter Printer(string id) => _printers[id];

    public async Task RunAsync(CancellationToken stop)
    {
        LogStarting(_log, _options.AgentId, _printers.Count, _broker.AddressText, Session);
        using var flushStop = new CancellationTokenSource();
        using var brokerStop = new CancellationTokenSource();
        var broker = Task.Run(() => _broker.RunAsync(brokerStop.Token), CancellationToken.None);
        var printers = _printers.Values.Select(p => p.RunAsync(stop, flushStop.Token)).ToList();
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        LogStopping(_log, _options.AgentId);
        // The printers' own loops end first (their prints report as stopped), then the outboxes get a moment to
        // deliver, then the last states and online = false go out.
        // A bound in real time, whatever clock the agent was given: shutdown must end.
        var draining = System.Diagnostics.Stopwatch.StartNew();
        while (draining.Elapsed < DrainTime && _broker.IsReady && _printers.Values.Any(p => p.Outbox.Count > 0 || p.Session is not null))
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        await flushStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(printers).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogSlowStop(_log);
        }
        if (_broker.IsReady)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            foreach (var printer in _printers.Values)
                await printer.PublishStateAsync(timeout.Token).ConfigureAwait(false);
        }
        await brokerStop.CancelAsync().ConfigureAwait(false);
        await broker.ConfigureAwait(false);
    }

    /// <summary>G-code left by a run that stopped mid-download or mid-print is of no use to the next.</summary>
    private static void CleanGcodeFolder(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "gcode");
        if (!Directory.Exists(folder))
            return;
        foreach (var file in Directory.EnumerateFiles(folder))
            GcodeDownloader.TryDelete(file);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync().ConfigureAwait(false);
        foreach (var printer in _printers.Values)
            printer.Dispose();
        _http.Dispose();
    }
}
