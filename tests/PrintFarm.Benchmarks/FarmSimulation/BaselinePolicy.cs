using Microsoft.Extensions.Time.Testing;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// What the in-memory baselines share: a demand becomes whole plates, printers are tracked as free, online or busy,
/// and a plate that failed, was interrupted or gave no good parts goes back to the policy to be queued again. The
/// policies differ only in where a plate waits and which free printer takes it.
/// </summary>
internal abstract class BaselinePolicy : IFarmPolicy
{
    private readonly Dictionary<int, BaselineJob> _current = [];
    private readonly Dictionary<int, BaselineJob> _bed = [];
    private long _nextId;

    public abstract string Name { get; }

    protected FarmNetwork Network { get; private set; } = null!;

    /// <summary>Printers that are online, ready and without a plate, by index.</summary>
    protected SortedSet<int> Free { get; } = [];

    protected bool[] Online { get; private set; } = [];

    public Task InitializeAsync(FarmNetwork network, FakeTimeProvider time)
    {
        Network = network;
        Online = network.Printers.Select(_ => true).ToArray();
        foreach (var printer in network.Printers)
            Free.Add(printer.Index);
        Initialized();
        return Task.CompletedTask;
    }

    public Task DemandArrivedAsync(SimDemand demand)
    {
        var design = Network.Design(demand.DesignId);
        var plates = (demand.Quantity + design.PartsPerPlate - 1) / design.PartsPerPlate;
        var jobs = Enumerable.Range(0, plates).Select(_ => new BaselineJob(++_nextId, design, demand.Line, demand.Priority, demand.NeededBy)).ToList();
        Plan(jobs);
        return Task.CompletedTask;
    }

    public Task PrinterOnlineAsync(SimPrinter printer)
    {
        Online[printer.Index] = true;
        CameOnline(printer);
        return Task.CompletedTask;
    }

    public Task PrinterOfflineAsync(SimPrinter printer, SimPlate? interrupted)
    {
        Online[printer.Index] = false;
        Free.Remove(printer.Index);
        WentOffline(printer);
        if (_current.Remove(printer.Index, out var job))
            Requeue(job, printer);
        return Task.CompletedTask;
    }

    public Task PlateStartedAsync(SimPlate plate)
    {
        Free.Remove(plate.Printer.Index);
        return Task.CompletedTask;
    }

    public Task PlateCompletedAsync(SimPlate plate)
    {
        if (_current.Remove(plate.Printer.Index, out var job))
            _bed[plate.Printer.Index] = job;
        return Task.CompletedTask;
    }

    public Task PlateFailedAsync(SimPlate plate)
    {
        if (_current.Remove(plate.Printer.Index, out var job))
            Requeue(job, plate.Printer);
        return Task.CompletedTask;
    }

    public Task BedClearedAsync(SimPrinter printer, int goodParts)
    {
        if (_bed.Remove(printer.Index, out var job) && goodParts < job.Parts)
            Requeue(job, printer);
        if (Online[printer.Index])
            Free.Add(printer.Index);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SimPlate>> TickAsync()
    {
        var plates = new List<SimPlate>();
        foreach (var (job, printer) in Dispatch())
        {
            Free.Remove(printer.Index);
            _current[printer.Index] = job;
            plates.Add(new SimPlate(job.Id, printer, job.Variant ?? job.Design.VariantFor(printer.Class), job.Parts, job.Line));
        }
        return Task.FromResult<IReadOnlyList<SimPlate>>(plates);
    }

    public Task<IReadOnlyDictionary<string, object?>> FinishAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, object?>>(new Dictionary<string, object?>());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected virtual void Initialized()
    {
    }

    protected virtual void CameOnline(SimPrinter printer)
    {
    }

    protected virtual void WentOffline(SimPrinter printer)
    {
    }

    /// <summary>New plates of one demand, in order.</summary>
    protected abstract void Plan(IReadOnlyList<BaselineJob> jobs);

    /// <summary>A plate to print again; <paramref name="printer"/> is the printer it was on.</summary>
    protected abstract void Requeue(BaselineJob job, SimPrinter printer);

    /// <summary>The plates to start now, each on a different free printer.</summary>
    protected abstract IReadOnlyList<(BaselineJob Job, SimPrinter Printer)> Dispatch();
}
