using System.Threading.Channels;
using PrintFarm.Farm.Changes;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// Hears the farm's committed changes (the same feed the event stream is built from) and turns the moves webhooks and
/// e-mail care about into <see cref="WebhookEvent"/>s, on two bounded queues: one for the webhook outbox, one for the
/// e-mail outbox. It never blocks the commit: when a queue is full the event is dropped there and counted.
/// <see cref="NotificationWatch"/> adds the events that come from time passing (offline too long, a demand at risk).
/// </summary>
internal sealed class WebhookEventSource : IFarmChangeSink
{
    public const int Capacity = 10_000;

    private readonly Channel<WebhookEvent> _queue = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly Channel<WebhookEvent> _mail = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly Lock _gate = new();
    private readonly Dictionary<long, JobState> _jobs = [];
    private readonly Dictionary<string, PrinterState> _printers = new(StringComparer.Ordinal);
    private readonly HashSet<long> _metDemands = [];
    private readonly TimeProvider _time;
    private long _dropped;

    public WebhookEventSource(TimeProvider time)
    {
        _time = time;
    }

    public ChannelReader<WebhookEvent> Events => _queue.Reader;

    /// <summary>The same events, for the e-mail outbox.</summary>
    public ChannelReader<WebhookEvent> MailEvents => _mail.Reader;

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Committed(FarmChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var job in changes.Jobs)
                Job(job, now);
            foreach (var printer in changes.Printers)
                Printer(printer, now);
            foreach (var demand in changes.Demands)
                Demand(demand, now);
            foreach (var movement in changes.Movements.Where(m => m.Kind == MovementKind.Reject))
                Rejected(movement, now);
        }
    }

    private void Rejected(PartMovement movement, DateTimeOffset now)
    {
        var data = new { node = movement.Key.Node, designId = movement.Key.DesignId, requester = movement.Key.Requester, count = movement.Count, by = movement.Actor };
        Publish(new WebhookEvent("parts.rejected", now, data, null, movement.Key.Requester));
    }

    private void Job(Job job, DateTimeOffset now)
    {
        var before = _jobs.TryGetValue(job.Id, out var b) ? b : (JobState?)null;
        if (job.State is JobState.Completed or JobState.Failed or JobState.Cancelled or JobState.Interrupted)
            _jobs.Remove(job.Id);
        else
            _jobs[job.Id] = job.State;
        if (before == job.State)
            return;
        var kind = job.State switch
        {
            JobState.Printing when before is not JobState.Paused => "job.started",
            JobState.Completed => "job.completed",
            JobState.Failed => "job.failed",
            JobState.Interrupted => "job.interrupted",
            _ => null,
        };
        if (kind is null)
            return;
        var data = new
        {
            id = job.Id, state = WireNames.Of(job.State), printerId = job.PrinterId, designId = job.DesignId, variantId = job.VariantId,
            requester = job.Requester, node = job.Node, parts = job.Parts, goodParts = job.GoodParts, attempts = job.Attempts,
        };
        Publish(new WebhookEvent(kind, now, data, job.PrinterId, job.Requester));
    }

    private void Printer(Printer printer, DateTimeOffset now)
    {
        var before = _printers.TryGetValue(printer.Id, out var b) ? b : (PrinterState?)null;
        _printers[printer.Id] = printer.State;
        if (before == printer.State)
            return;
        var kind = printer.State switch
        {
            PrinterState.NeedsBedClear => "printer.needs-bed-clear",
            PrinterState.Error => "printer.error",
            _ => null,
        };
        if (kind is null)
            return;
        var data = new { id = printer.Id, name = printer.Name, state = WireNames.Of(printer.State), site = printer.Site, owner = printer.Owner, jobId = printer.CurrentJobId };
        Publish(new WebhookEvent(kind, now, data, printer.Id, null) { Site = printer.Site, Owner = printer.Owner });
    }

    private void Demand(DemandRecord demand, DateTimeOffset now)
    {
        if (demand.State != DemandState.Open)
        {
            _metDemands.Remove(demand.Id); // Closed or cancelled: nothing more to say of it, and nothing to keep.
            return;
        }
        if (demand.Delivered < demand.Quantity || !_metDemands.Add(demand.Id))
            return;
        var data = new { id = demand.Id, requester = demand.Requester, designId = demand.DesignId, node = demand.Node, quantity = demand.Quantity, delivered = demand.Delivered };
        Publish(new WebhookEvent("demand.met", now, data, null, demand.Requester));
    }

    /// <summary>Puts an event on both queues; one that is full drops it and counts it.</summary>
    public void Publish(WebhookEvent e)
    {
        if (!_queue.Writer.TryWrite(e))
            Interlocked.Increment(ref _dropped);
        if (!_mail.Writer.TryWrite(e))
            Interlocked.Increment(ref _dropped);
    }
}
