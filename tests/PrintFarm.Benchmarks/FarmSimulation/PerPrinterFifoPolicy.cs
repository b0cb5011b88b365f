namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// One FIFO queue per printer, the way FDM Monster and Moonraker queue: when a demand arrives, each plate is appended
/// to the queue of the online printer with the least queued print time, and stays there. A printer prints its own
/// queue in order; a plate that failed or was interrupted goes back to the front of its printer's queue.
/// </summary>
internal sealed class PerPrinterFifoPolicy : BaselinePolicy
{
    private LinkedList<BaselineJob>[] _queues = [];
    private double[] _queuedSeconds = [];
    private readonly SortedSet<(double Seconds, int Index)> _shortest = [];
    private readonly List<BaselineJob> _unplanned = [];

    public override string Name => "per-printer FIFO";

    protected override void Initialized()
    {
        _queues = Network.Printers.Select(_ => new LinkedList<BaselineJob>()).ToArray();
        _queuedSeconds = new double[Network.Printers.Count];
        foreach (var printer in Network.Printers)
            _shortest.Add((0, printer.Index));
    }

    protected override void CameOnline(SimPrinter printer)
    {
        _shortest.Add((_queuedSeconds[printer.Index], printer.Index));
        if (_unplanned.Count == 0)
            return;
        var waiting = _unplanned.ToList();
        _unplanned.Clear();
        Plan(waiting);
    }

    protected override void WentOffline(SimPrinter printer) => _shortest.Remove((_queuedSeconds[printer.Index], printer.Index));

    protected override void Plan(IReadOnlyList<BaselineJob> jobs)
    {
        foreach (var job in jobs)
        {
            if (_shortest.Count == 0)
            {
                _unplanned.Add(job);
                continue;
            }
            var printer = Network.Printers[_shortest.Min.Index];
            job.Variant = job.Design.VariantFor(printer.Class);
            _queues[printer.Index].AddLast(job);
            AddSeconds(printer, job.Variant.PlateTime.TotalSeconds);
        }
    }

    protected override void Requeue(BaselineJob job, SimPrinter printer)
    {
        _queues[printer.Index].AddFirst(job);
        AddSeconds(printer, job.Variant!.PlateTime.TotalSeconds);
    }

    protected override IReadOnlyList<(BaselineJob Job, SimPrinter Printer)> Dispatch()
    {
        var picks = new List<(BaselineJob, SimPrinter)>();
        foreach (var index in Free.ToList())
        {
            var queue = _queues[index];
            if (queue.Count == 0)
                continue;
            var job = queue.First!.Value;
            queue.RemoveFirst();
            var printer = Network.Printers[index];
            AddSeconds(printer, -job.Variant!.PlateTime.TotalSeconds);
            picks.Add((job, printer));
        }
        return picks;
    }

    private void AddSeconds(SimPrinter printer, double seconds)
    {
        var online = _shortest.Remove((_queuedSeconds[printer.Index], printer.Index));
        _queuedSeconds[printer.Index] += seconds;
        if (online)
            _shortest.Add((_queuedSeconds[printer.Index], printer.Index));
    }
}
