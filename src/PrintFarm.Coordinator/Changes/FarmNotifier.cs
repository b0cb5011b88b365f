using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Jobs;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Changes;

/// <summary>Turns farm changes into typed events: <c>printer</c>, <c>job</c>, <c>progress</c>, <c>ledger</c>, <c>demand</c>, <c>design</c>.</summary>
public sealed class FarmNotifier
{
    private readonly EventHub _hub;
    private readonly LiveStatusBoard _live;
    private readonly TimeProvider _time;

    public FarmNotifier(EventHub hub, LiveStatusBoard live, TimeProvider time)
    {
        _hub = hub;
        _live = live;
        _time = time;
    }

    public void Printer(Printer printer)
    {
        ArgumentNullException.ThrowIfNull(printer);
        _hub.Publish("printer", PrinterView.From(printer, _live.Find(printer.Id)), printer.Id, printer.CurrentJobId);
    }

    public void Job(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var live = job.PrinterId is null ? null : _live.Find(job.PrinterId);
        _hub.Publish("job", JobView.From(job, live, _time.GetUtcNow()), job.PrinterId, job.Id);
    }

    public void Progress(string printerId, long? jobId, LiveSnapshot live)
    {
        ArgumentNullException.ThrowIfNull(live);
        _hub.Publish("progress", new ProgressEvent(printerId, jobId, Math.Round(live.Progress, 4), TemperaturesView.From(live.Temperatures),
            Math.Round(live.Elapsed.TotalSeconds, 1), live.LinesSent, live.Resends), printerId, jobId);
    }

    public void Ledger(string designId) => _hub.Publish("ledger", new { designId });

    public void Demand(object demand) => _hub.Publish("demand", demand);

    public void Design(object design) => _hub.Publish("design", design);
}

/// <summary>A printing printer's progress, at most once a second.</summary>
public sealed record ProgressEvent(string PrinterId, long? JobId, double Progress, TemperaturesView? Temperatures, double ElapsedSeconds, long LinesSent, long Resends);
