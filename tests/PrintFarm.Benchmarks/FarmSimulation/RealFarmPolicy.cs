using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrintFarm.Farm;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// PrintFarm itself: the farm services from <see cref="FarmSetup.AddFarm"/> on a SQLite store in
/// a fresh folder, with the simulated clock. Printers are registered and brought online through
/// <see cref="PrinterRegistry"/>, demand enters through <see cref="DemandBook"/>, printer reports go through
/// <see cref="JobLifecycle"/> and <see cref="PrinterRegistry"/>, and each tick is one <see cref="SchedulingRound"/>.
/// An interrupted job is queued again at once, as <c>requeueInterrupted</c> does. Only public Farm APIs are used.
/// </summary>
internal sealed class RealFarmPolicy(string storeRoot) : IFarmPolicy
{
    private const string Actor = "sim";
    private readonly List<double> _roundMs = [];
    private ServiceProvider? _services;
    private string _directory = "";
    private IFarmStore _store = null!;
    private JobLifecycle _lifecycle = null!;
    private PrinterRegistry _registry = null!;
    private DemandBook _demands = null!;
    private SchedulingRound _round = null!;
    private FarmNetwork _network = null!;
    private TimeProvider _time = TimeProvider.System;
    private Dictionary<string, SimPrinter> _printers = [];
    private Dictionary<string, SimVariant> _variants = [];
    private long _planned;

    public string Name => "printfarm";

    /// <summary>The round and the reads of assigned jobs inside each tick.</summary>
    public StageTimer Timer { get; } = new();

    public async Task InitializeAsync(FarmNetwork network, FakeTimeProvider time)
    {
        _network = network;
        _time = time;
        _directory = Path.Combine(storeRoot, "printfarm-farm-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddFarm(options => options.DataDirectory = _directory);
        _services = services.BuildServiceProvider();
        _store = _services.GetRequiredService<IFarmStore>();
        await _store.MigrateAsync();
        _lifecycle = _services.GetRequiredService<JobLifecycle>();
        _registry = _services.GetRequiredService<PrinterRegistry>();
        _demands = _services.GetRequiredService<DemandBook>();
        _round = _services.GetRequiredService<SchedulingRound>();

        var catalog = _services.GetRequiredService<DesignCatalog>();
        foreach (var design in network.Designs)
        {
            await catalog.AddDesignAsync(new Design
            {
                Id = design.Id, Name = design.Name, Licence = design.Licence, SourceUrl = design.SourceUrl, Category = design.Category,
                Approval = ApprovalStatus.Approved,
            }, Actor);
            foreach (var variant in design.Variants)
            {
                await catalog.AddVariantAsync(design.Id, new VariantSpec
                {
                    Name = variant.Name, Profile = variant.Class.Profile, Material = variant.Class.Material,
                    MinBedXMm = variant.Class.BedXMm, MinBedYMm = variant.Class.BedYMm,
                    PartsPerPlate = variant.PartsPerPlate, EstimatedTime = variant.PlateTime,
                }, variant.GcodeFile, Actor);
            }
        }
        _variants = network.Designs.SelectMany(d => d.Variants).ToDictionary(v => v.Id, StringComparer.Ordinal);

        foreach (var printer in network.Printers)
        {
            await _registry.RegisterAsync(new Printer
            {
                Id = printer.Id, OwnerKind = printer.IsLab ? OwnerKind.Lab : OwnerKind.Maker, Owner = printer.Owner, Site = printer.Site,
                Node = printer.Node, LinkKind = printer.IsLab ? LinkKind.Local : LinkKind.Agent,
                LinkAddress = printer.IsLab ? $"/dev/ttyACM{printer.Index}" : $"agent-{printer.Index:00000}",
                Capabilities = new PrinterCapabilities
                {
                    BedXMm = printer.Class.BedXMm, BedYMm = printer.Class.BedYMm, NozzleMm = 0.4, Material = printer.Class.Material,
                    Profile = printer.Class.Profile,
                },
            }, Actor);
            await _registry.SetStateAsync(printer.Id, PrinterState.NeedsBedClear, Actor, "online");
            await _registry.BedClearedAsync(printer.Id, 0, Actor);
        }
        _printers = network.Printers.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public Task DemandArrivedAsync(SimDemand demand) =>
        _demands.CreateAsync(new DemandRequest
        {
            Requester = demand.Requester, RequesterKind = demand.Kind, DesignId = demand.DesignId, Quantity = demand.Quantity,
            Priority = demand.Priority, NeededBy = _network.Options.Start + demand.NeededBy, Node = demand.Node,
        }, Actor);

    public Task PrinterOnlineAsync(SimPrinter printer) =>
        _registry.SetStateAsync(printer.Id, PrinterState.NeedsBedClear, Actor, "link back");

    public async Task PrinterOfflineAsync(SimPrinter printer, SimPlate? interrupted)
    {
        await _registry.SetStateAsync(printer.Id, PrinterState.Offline, Actor, "link lost");
        if (interrupted is not null)
            await _lifecycle.RequeueAsync(interrupted.JobId, Actor);
    }

    public Task PlateStartedAsync(SimPlate plate) => _lifecycle.StartedAsync(plate.JobId, Actor);

    public Task PlateCompletedAsync(SimPlate plate) => _lifecycle.CompletedAsync(plate.JobId, Actor);

    public Task PlateFailedAsync(SimPlate plate) => _lifecycle.FailedAsync(plate.JobId, "firmware error", Actor);

    public Task BedClearedAsync(SimPrinter printer, int goodParts) => _registry.BedClearedAsync(printer.Id, goodParts, Actor);

    public async Task<IReadOnlyList<SimPlate>> TickAsync()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (_, dispatch) = await _round.RunAsync();
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Timer.Add("round", elapsed);
        _roundMs.Add(elapsed.TotalMilliseconds);
        _planned += dispatch.JobsCreated;
        var plates = new List<SimPlate>(dispatch.Assignments.Count);
        foreach (var (jobId, printerId) in dispatch.Assignments)
        {
            var job = await Timer.TimeAsync("read assigned job", () => _store.Reader.GetJobAsync(jobId))
                ?? throw new InvalidOperationException($"job {jobId} was assigned but cannot be read");
            plates.Add(new SimPlate(jobId, _printers[printerId], _variants[job.VariantId], job.Parts, SimDemand.LineOf(job.DesignId, job.Requester, job.Node)));
        }
        return plates;
    }

    public async Task<IReadOnlyDictionary<string, object?>> FinishAsync()
    {
        var anatomy = await RoundReadsAsync();
        var differences = await new LedgerCheck(_store).RunAsync();
        var counts = await _store.Reader.GetCountsAsync();
        _roundMs.Sort();
        return new Dictionary<string, object?>
        {
            ["ledger_check"] = differences.Count == 0 ? "ok" : $"{differences.Count} differences, first: {differences[0]}",
            ["jobs_planned"] = _planned,
            ["jobs_queued_at_end"] = counts.JobsByState.GetValueOrDefault(JobState.Queued),
            ["farm_good_parts"] = counts.GoodParts,
            ["round_mean_ms"] = _roundMs.Count > 0 ? _roundMs.Average() : 0,
            ["round_p95_ms"] = _roundMs.Count > 0 ? _roundMs[Math.Min(_roundMs.Count - 1, (int)(0.95 * _roundMs.Count))] : 0,
            ["round_max_ms"] = _roundMs.Count > 0 ? _roundMs[^1] : 0,
            ["end_round_reads"] = anatomy,
        };
    }

    /// <summary>
    /// What the reads of one round cost at the end of the run, when the queue is longest: the same store calls the
    /// round makes, timed one by one in a transaction that is then rolled back.
    /// </summary>
    private async Task<string> RoundReadsAsync()
    {
        var parts = new List<string>();
        await using var transaction = await _store.BeginAsync();
        async Task Time<T>(string name, Func<Task<T>> read, Func<T, int> count)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await read();
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            parts.Add(FormattableString.Invariant($"{name} {count(result)} rows {ms:0.0} ms"));
        }
        await Time("queued jobs", () => transaction.LockQueuedJobsAsync(), r => r.Count);
        await Time("open demands", () => transaction.ListDemandsAsync(openOnly: true), r => r.Count);
        await Time("ledger", () => transaction.ListLedgerAsync(), r => r.Count);
        await Time("active jobs per requester", () => transaction.CountActiveJobsPerRequesterAsync(), r => r.Count);
        await Time("online printers", () => transaction.CountOnlinePrintersAsync(), r => r.Count);
        await Time("free printers", () => transaction.LockFreePrintersAsync(), r => r.Count);
        await Time("heating per site", () => transaction.CountHeatingPerSiteAsync(_time.GetUtcNow() - _services!.GetRequiredService<FarmOptions>().HeatUpTime), r => r.Count);
        return string.Join("; ", parts);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        try
        {
            if (_directory.Length > 0)
                Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
