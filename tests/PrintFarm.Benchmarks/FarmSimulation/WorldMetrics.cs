namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// What the world measures, the same way for every policy: printer time by state while work waits (wanted parts
/// that no printer is working on), good parts against the capacity bound of the printers online, and when each demand
/// got its first part and was met.
/// </summary>
internal sealed class WorldMetrics
{
    private readonly FarmNetwork _network;
    private readonly Dictionary<string, LineProgress> _lines = new(StringComparer.Ordinal);
    private readonly double[] _rate;
    private readonly TimeSpan?[] _firstPart;
    private readonly TimeSpan?[] _met;
    private readonly bool[] _arrived;
    private TimeSpan _last;
    private long _remaining;
    private int _printing;
    private int _free;
    private int _online;
    private double _onlineRate;

    public WorldMetrics(FarmNetwork network)
    {
        _network = network;
        var demanded = network.Demands.GroupBy(d => d.DesignId).ToDictionary(g => g.Key, g => (double)g.Sum(d => d.Quantity));
        var total = demanded.Values.Sum();
        var shares = demanded.ToDictionary(kv => kv.Key, kv => kv.Value / total);
        _rate = network.Printers.Select(p => FarmNetwork.PartsPerSecond(p.Class, network.Designs, shares)).ToArray();
        _firstPart = new TimeSpan?[network.Demands.Count];
        _met = new TimeSpan?[network.Demands.Count];
        _arrived = new bool[network.Demands.Count];
        _free = network.Printers.Count;
        _online = network.Printers.Count;
        _onlineRate = _rate.Sum();
    }

    public double PrintingWhileWaiting { get; private set; }

    public double FreeWhileWaiting { get; private set; }

    public double PrintingSeconds { get; private set; }

    public double OnlineSeconds { get; private set; }

    /// <summary>Parts the online printers could have made printing the demanded mix without a pause.</summary>
    public double BoundParts { get; private set; }

    public long GoodParts { get; private set; }

    public long PlatesStarted { get; private set; }

    public long PlatesLost { get; private set; }

    public int FreePrinters => _free;

    /// <summary>Integrates the printer counts from the last event up to <paramref name="at"/>.</summary>
    public void Advance(TimeSpan at)
    {
        var dt = (at - _last).TotalSeconds;
        if (dt <= 0)
            return;
        if (_remaining > 0)
        {
            PrintingWhileWaiting += _printing * dt;
            FreeWhileWaiting += _free * dt;
        }
        PrintingSeconds += _printing * dt;
        OnlineSeconds += _online * dt;
        BoundParts += _onlineRate * dt;
        _last = at;
    }

    public void ModeChanged(SimPrinter printer, PrinterMode from, PrinterMode to)
    {
        Count(from, -1, printer);
        Count(to, +1, printer);
    }

    private void Count(PrinterMode mode, int delta, SimPrinter printer)
    {
        switch (mode)
        {
            case PrinterMode.Printing:
                _printing += delta;
                break;
            case PrinterMode.Free:
                _free += delta;
                break;
            case PrinterMode.Offline:
                _online -= delta;
                _onlineRate -= delta * _rate[printer.Index];
                break;
        }
    }

    public void DemandArrived(SimDemand demand, TimeSpan at)
    {
        _arrived[demand.Index] = true;
        Change(Line(demand.Line), line => line.Add(demand, at, _firstPart, _met));
    }

    public void PlateStarted(SimPlate plate)
    {
        PlatesStarted++;
        Change(Line(plate.Line), line => line.InFlight += plate.Parts);
    }

    /// <summary>A plate left the printer: cleared with <paramref name="good"/> parts, or lost (failed or interrupted) with none.</summary>
    public void PlateEnded(SimPlate plate, int good, TimeSpan at, bool lost)
    {
        if (lost)
            PlatesLost++;
        GoodParts += good;
        Change(Line(plate.Line), line =>
        {
            line.InFlight -= plate.Parts;
            line.AddGood(good, at, _firstPart, _met);
        });
    }

    private LineProgress Line(string key)
    {
        if (!_lines.TryGetValue(key, out var line))
            _lines[key] = line = new LineProgress();
        return line;
    }

    private void Change(LineProgress line, Action<LineProgress> change)
    {
        var before = line.Remaining;
        change(line);
        _remaining += line.Remaining - before;
    }

    /// <summary>The policy's row of the results table.</summary>
    public Dictionary<string, object?> Report(string policy, TimeSpan end, double wallSeconds, long rounds)
    {
        var days = end.TotalDays;
        var due = _network.Demands.Where(d => d.NeededBy <= end).ToList();
        var onTime = due.Count(d => _met[d.Index] is { } at && at <= d.NeededBy);
        var lateness = due.Select(d => Math.Max(0, ((_met[d.Index] ?? end) - d.NeededBy).TotalHours)).Order().ToList();
        var hospitals = due.Where(d => d.Priority == 3).ToList();
        var firstPart = _network.Demands.Where(d => _firstPart[d.Index] is not null)
            .Select(d => (_firstPart[d.Index]!.Value - d.Arrival).TotalHours).Order().ToList();
        var arrived = _network.Demands.Count(d => _arrived[d.Index]);
        return new Dictionary<string, object?>
        {
            ["policy"] = policy,
            ["parts_per_day"] = GoodParts / days,
            ["bound_parts_per_day"] = BoundParts / days,
            ["share_of_bound"] = BoundParts > 0 ? GoodParts / BoundParts : 0,
            ["util_while_waiting"] = PrintingWhileWaiting + FreeWhileWaiting > 0 ? PrintingWhileWaiting / (PrintingWhileWaiting + FreeWhileWaiting) : 0,
            ["printing_share_of_online"] = OnlineSeconds > 0 ? PrintingSeconds / OnlineSeconds : 0,
            ["demands_due"] = due.Count,
            ["on_time_share"] = due.Count > 0 ? onTime / (double)due.Count : 0,
            ["hospital_on_time_share"] = hospitals.Count > 0 ? hospitals.Count(d => _met[d.Index] is { } at && at <= d.NeededBy) / (double)hospitals.Count : 0,
            ["met_by_end_share"] = arrived > 0 ? _network.Demands.Count(d => _met[d.Index] is not null) / (double)arrived : 0,
            ["first_part_median_h"] = Percentile(firstPart, 0.5),
            ["first_part_mean_h"] = firstPart.Count > 0 ? firstPart.Average() : 0,
            ["demands_without_part"] = arrived - firstPart.Count,
            ["lateness_mean_h"] = lateness.Count > 0 ? lateness.Average() : 0,
            ["lateness_p95_h"] = Percentile(lateness, 0.95),
            ["plates_started"] = PlatesStarted,
            ["plates_lost"] = PlatesLost,
            ["rounds"] = rounds,
            ["wall_s"] = wallSeconds,
        };
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
