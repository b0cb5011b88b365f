namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// The old plan-time binding: when a demand arrives, each plate is bound to the variant whose online printers have the
/// fewest waiting plates of that variant each (as <c>Planner</c> and <c>VariantLoad</c> did), and it is never planned again: a retry keeps
/// its variant. Each printer class has its own queue, served by priority, then needed-by, then age; a free printer
/// takes the head of its class's queue.
/// </summary>
internal sealed class PlanTimeBindingPolicy : BaselinePolicy
{
    private readonly Dictionary<PrinterClass, SortedSet<BaselineJob>> _queues = [];
    private readonly List<BaselineJob> _unplanned = [];
    private readonly Dictionary<string, int> _waiting = new(StringComparer.Ordinal);

    public override string Name => "plan-time binding";

    protected override void Initialized()
    {
        var order = Comparer<BaselineJob>.Create((a, b) =>
        {
            var c = b.Priority.CompareTo(a.Priority);
            if (c == 0)
                c = a.NeededBy.CompareTo(b.NeededBy);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        });
        foreach (var printerClass in PrinterClass.All)
            _queues[printerClass] = new SortedSet<BaselineJob>(order);
    }

    protected override void CameOnline(SimPrinter printer)
    {
        if (_unplanned.Count == 0)
            return;
        var waiting = _unplanned.ToList();
        _unplanned.Clear();
        Plan(waiting);
    }

    protected override void Plan(IReadOnlyList<BaselineJob> jobs)
    {
        var reach = PrinterClass.All.ToDictionary(c => c, c => Network.Printers.Count(p => p.Class == c && Online[p.Index]));
        foreach (var job in jobs)
        {
            SimVariant? best = null;
            var bestLoad = double.MaxValue;
            foreach (var variant in job.Design.Variants)
            {
                if (reach[variant.Class] == 0)
                    continue;
                var load = (_waiting.GetValueOrDefault(variant.Id) + 1) / (double)reach[variant.Class];
                if (best is null || load < bestLoad
                    || (load == bestLoad && string.CompareOrdinal(variant.Id, best.Id) < 0))
                {
                    best = variant;
                    bestLoad = load;
                }
            }
            if (best is null)
            {
                _unplanned.Add(job);
                continue;
            }
            job.Variant = best;
            Enqueue(job);
        }
    }

    protected override void Requeue(BaselineJob job, SimPrinter printer) => Enqueue(job);

    private void Enqueue(BaselineJob job)
    {
        _queues[job.Variant!.Class].Add(job);
        _waiting[job.Variant.Id] = _waiting.GetValueOrDefault(job.Variant.Id) + 1;
    }

    protected override IReadOnlyList<(BaselineJob Job, SimPrinter Printer)> Dispatch()
    {
        var picks = new List<(BaselineJob, SimPrinter)>();
        foreach (var index in Free.ToList())
        {
            var printer = Network.Printers[index];
            var queue = _queues[printer.Class];
            if (queue.Count == 0)
                continue;
            var job = queue.Min!;
            queue.Remove(job);
            _waiting[job.Variant!.Id]--;
            picks.Add((job, printer));
        }
        return picks;
    }
}
