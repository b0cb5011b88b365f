using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Health;
using PrintFarm.Coordinator.Live;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Connection;
using PrintFarm.Printing.Profiles;
using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// One printer's loop: connect (with exponential back-off and jitter while the port is missing), bring the
/// printer online through the bed-clear gate, wait for the scheduler to assign it a job, stream it, report
/// the outcome, and start again when the link drops. Nothing here touches another printer.
/// </summary>
internal sealed partial class PrinterDriver
{
    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly PrinterConfig _config;
    private readonly IFarmStore _store;
    private readonly IFarmReader _reader;
    private readonly Wakeups _wakeups;
    private readonly PrinterRegistry _registry;
    private readonly JobLifecycle _lifecycle;
    private readonly GcodeFileStore _files;
    private readonly StoreWrites _writes;
    private readonly ProfileCatalog _profiles;
    private readonly PrinterLive _live;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly LinkLoop _link;
    private PrinterSession? _session;
    private CancellationTokenSource? _jobCancel;
    private volatile bool _cancelRequested;

    private readonly Func<string, ILineTransport>? _mqtt;

    public PrinterDriver(PrinterConfig config, IFarmStore store, IFarmReader reader, Wakeups wakeups, PrinterRegistry registry, JobLifecycle lifecycle, GcodeFileStore files,
        StoreWrites writes, ProfileCatalog profiles, PrinterLive live, TimeProvider time, ILogger log, TimeSpan? maxBackoff = null,
        Func<string, ILineTransport>? mqtt = null)
    {
        _mqtt = mqtt;
        _config = config;
        _store = store;
        _reader = reader;
        _wakeups = wakeups;
        _registry = registry;
        _lifecycle = lifecycle;
        _files = files;
        _writes = writes;
        _profiles = profiles;
        _live = live;
        _time = time;
        _log = log;
        _link = LinkLoop.Logged(time, maxBackoff ?? TimeSpan.FromSeconds(30), _log, _config.Id);
    }

    public string Id => _config.Id;

    /// <summary>The session while connected, for pause, resume, cancel and emergency stop.</summary>
    public PrinterSession? Session => _session;

    public Task RunAsync(CancellationToken stop) => _link.RunAsync(ConnectAndServeAsync, stop);

    /// <summary>One connection: returns when the link is lost (after reporting it), throws when it cannot connect.</summary>
    private async Task ConnectAndServeAsync(CancellationToken stop)
    {
        _live.CountAttempt();
        await using var link = PrinterLink.Open(_config.ToLinkTarget(), _mqtt);
        var session = new PrinterSession(link.Transport, _profiles, new PrinterSessionOptions { Profile = _config.Profile }, _time, PrinterLogging.ForPrinter(_log, _config.Id));
        await using (session.ConfigureAwait(false))
        {
            try
            {
                await session.ConnectAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Publish(session, null, $"cannot connect: {ex.Message}");
                throw;
            }
            _session = session;
            session.TemperaturesReported += _ => Publish(session, _live.Snapshot.JobId, null);
            LogConnected(_log, _config.Id, session.Firmware?.Name ?? "unknown firmware", session.Profile?.Name ?? _config.Profile);
            try
            {
                await ComeOnlineAsync(stop).ConfigureAwait(false);
                await ServeJobsAsync(session, stop).ConfigureAwait(false);
            }
            finally
            {
                _session = null;
                Publish(session, null, session.FaultReason);
                // Also on shutdown: a print that stops with the coordinator is recorded as interrupted.
                await GoOfflineAsync(session.State == SessionState.Faulted ? PrinterState.Error : PrinterState.Offline,
                    stop.IsCancellationRequested ? "coordinator stopping" : session.FaultReason ?? "link lost").ConfigureAwait(false);
            }
        }
    }

    private async Task ServeJobsAsync(PrinterSession session, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && session.State is SessionState.Ready or SessionState.Printing or SessionState.Paused)
        {
            var printer = await _store.Printers.GetAsync(_config.Id, stop).ConfigureAwait(false);
            var job = printer is { State: PrinterState.Ready, CurrentJobId: { } jobId } ? await _reader.GetJobAsync(jobId, stop).ConfigureAwait(false) : null;
            if (job is { State: JobState.Assigned })
            {
                await PrintAsync(session, job, stop).ConfigureAwait(false);
                continue;
            }
            await _wakeups.WaitPrinterAsync(_config.Id, LookInterval, stop).ConfigureAwait(false);
        }
    }
}
