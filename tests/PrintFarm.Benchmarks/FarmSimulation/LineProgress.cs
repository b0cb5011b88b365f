namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// One ledger line (design, requester, node) as the world counts it: parts requested, good parts printed and parts on
/// printers. Good parts go to the line's demands in the order they arrived: a demand gets its first part when the
/// line's good parts pass what the demands before it asked for, and is met when they reach its own end.
/// </summary>
internal sealed class LineProgress
{
    private readonly List<SimDemand> _demands = [];
    private readonly List<long> _ends = [];
    private int _firstPending;
    private int _metPending;

    public long Requested { get; private set; }

    public long Good { get; private set; }

    public long InFlight { get; set; }

    /// <summary>Parts still wanted that no printer is working on.</summary>
    public long Remaining => Math.Max(0, Requested - Good - InFlight);

    public void Add(SimDemand demand, TimeSpan at, TimeSpan?[] firstPart, TimeSpan?[] met)
    {
        _demands.Add(demand);
        Requested += demand.Quantity;
        _ends.Add(Requested);
        Attribute(at, firstPart, met);
    }

    public void AddGood(int parts, TimeSpan at, TimeSpan?[] firstPart, TimeSpan?[] met)
    {
        Good += parts;
        Attribute(at, firstPart, met);
    }

    private void Attribute(TimeSpan at, TimeSpan?[] firstPart, TimeSpan?[] met)
    {
        while (_firstPending < _demands.Count && Good > _ends[_firstPending] - _demands[_firstPending].Quantity)
            firstPart[_demands[_firstPending++].Index] = at;
        while (_metPending < _demands.Count && Good >= _ends[_metPending])
            met[_demands[_metPending++].Index] = at;
    }
}
