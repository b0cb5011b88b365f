namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// Greedy first-fit from one shared queue without deadlines or priorities, the way SimplyPrint and Printago match: plates
/// wait in arrival order, and at each tick the plate at the head goes to the first free printer (by id) that can print
/// it, on that printer's variant. A plate to print again goes to the front.
/// </summary>
internal sealed class GreedyFirstFitPolicy : BaselinePolicy
{
    private readonly LinkedList<BaselineJob> _queue = new();

    public override string Name => "greedy first-fit";

    protected override void Plan(IReadOnlyList<BaselineJob> jobs)
    {
        foreach (var job in jobs)
            _queue.AddLast(job);
    }

    protected override void Requeue(BaselineJob job, SimPrinter printer) => _queue.AddFirst(job);

    protected override IReadOnlyList<(BaselineJob Job, SimPrinter Printer)> Dispatch()
    {
        var picks = new List<(BaselineJob, SimPrinter)>();
        var free = new SortedSet<int>(Free);
        for (var node = _queue.First; node is not null && free.Count > 0;)
        {
            var next = node.Next;
            var job = node.Value;
            // Every design has a variant for every printer class here, so the first free printer always fits.
            var index = free.Min;
            free.Remove(index);
            _queue.Remove(node);
            picks.Add((job, Network.Printers[index]));
            node = next;
        }
        return picks;
    }
}
