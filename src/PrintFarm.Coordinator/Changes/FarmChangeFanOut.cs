using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Demands;
using PrintFarm.Coordinator.Designs;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Metrics;
using PrintFarm.Farm.Changes;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Changes;

/// <summary>
/// The one place the farm's committed changes go out from, whoever made them (an endpoint, a printer's loop, the
/// agent bridge, the scheduler): events for the streams, counters for <c>/metrics</c>, and nudges. A job or printer
/// change that may free work wakes the scheduler; a job assigned to a printer wakes that printer's loop. A printing
/// printer's progress, which is live status and not a farm change, goes out from here too.
/// </summary>
internal sealed partial class FarmChangeFanOut : IFarmChangeSink, IHostedService
{
    private readonly IFarmStore _store;
    private readonly FarmNotifier _notifier;
    private readonly Wakeups _wakeups;
    private readonly ChangeCounters _counters;
    private readonly LiveStatusBoard _live;
    private readonly ILogger<FarmChangeFanOut> _log;

    public FarmChangeFanOut(IFarmStore store, FarmNotifier notifier, Wakeups wakeups, ChangeCounters counters, LiveStatusBoard live, ILogger<FarmChangeFanOut> log)
    {
        _live = live;
        _store = store;
        _notifier = notifier;
        _wakeups = wakeups;
        _counters = counters;
        _log = log;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _store.Changes.SinkFailed += OnSinkFailed;
        _store.Changes.Subscribe(this);
        _live.Progressed += OnProgressed;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _live.Progressed -= OnProgressed;
        _store.Changes.Unsubscribe(this);
        _store.Changes.SinkFailed -= OnSinkFailed;
        return Task.CompletedTask;
    }

    public void Committed(FarmChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _counters.Count(changes);
        var wakeScheduler = changes.Demands.Count > 0 || changes.Designs.Count > 0 || changes.Variants.Count > 0 || changes.LedgerDesigns.Count > 0;
        foreach (var job in changes.Jobs)
        {
            _notifier.Job(job);
            if (job is { State: JobState.Assigned, PrinterId: { } printerId })
                _wakeups.Printer(printerId);
            wakeScheduler |= job.State is not (JobState.Printing or JobState.Paused);
        }
        foreach (var printer in changes.Printers)
        {
            _notifier.Printer(printer);
            wakeScheduler |= printer.State is PrinterState.Ready or PrinterState.Offline or PrinterState.Error;
        }
        foreach (var designId in changes.LedgerDesigns)
            _notifier.Ledger(designId);
        foreach (var demand in changes.Demands)
            _notifier.Demand(DemandView.From(demand));
        foreach (var design in changes.Designs)
            _notifier.Design(DesignView.From(design, null));
        if (wakeScheduler)
            _wakeups.Scheduler();
    }

    /// <summary>Progress is live status, not a farm change: it comes from the live board, at most as often as a link reports.</summary>
    private void OnProgressed(string printerId, LiveSnapshot snapshot) => _notifier.Progress(printerId, snapshot.JobId, snapshot);

    private void OnSinkFailed(IFarmChangeSink sink, Exception error) => LogSinkFailed(_log, sink.GetType().Name, error);
}
