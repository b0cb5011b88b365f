using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// The discrete-event world, the same code for every policy: demand arrives, printers go offline and come back, plates
/// print for their estimated time (×0.98-1.06), about 3% of them fail, and owners clear beds after a delay. Time is
/// virtual: a <see cref="FakeTimeProvider"/> is set to each event's time before the policy hears of it. A scheduler tick
/// runs only after something changed and while some printer is free, at most once per tick interval, on multiples of it.
/// </summary>
internal sealed class SimulationWorld
{
    private readonly FarmNetwork _network;
    private readonly SimulationOptions _options;
    private readonly PriorityQueue<SimEvent, (long At, long Sequence)> _queue = new();
    private readonly PrinterRuntime[] _printers;
    private readonly WorldMetrics _metrics;
    private readonly TimeSpan _tick;
    private long _sequence;
    private TimeSpan _now;
    private TimeSpan _lastTick;
    private bool _dirty;
    private bool _tickScheduled;
    private long _rounds;

    public SimulationWorld(FarmNetwork network)
    {
        _network = network;
        _options = network.Options;
        _printers = network.Printers.Select(p => new PrinterRuntime(p, SeededRandom.For(_options.Seed, p.Index, 3))).ToArray();
        _metrics = new WorldMetrics(network);
        _tick = TimeSpan.FromSeconds(_options.TickSeconds);
        _lastTick = -_tick;
    }

    /// <summary>Told a line at each simulated midnight, when set.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Calls into the policy, by kind.</summary>
    public StageTimer Timer { get; } = new();

    public async Task<Dictionary<string, object?>> RunAsync(IFarmPolicy policy)
    {
        var wall = Stopwatch.StartNew();
        var time = new FakeTimeProvider(_options.Start);
        await Timer.TimeAsync("setup", () => policy.InitializeAsync(_network, time));
        foreach (var demand in _network.Demands)
            Schedule(demand.Arrival, SimEventKind.DemandArrives, demand.Index, 0);
        foreach (var printer in _network.Printers)
        {
            foreach (var window in printer.Offline)
            {
                Schedule(window.From, SimEventKind.PrinterOffline, printer.Index, 0);
                Schedule(window.To, SimEventKind.PrinterOnline, printer.Index, 0);
            }
        }

        var end = _options.Duration;
        var day = 0;
        while (_queue.TryDequeue(out var next, out var key))
        {
            var at = TimeSpan.FromTicks(key.At);
            if (at > end)
                break;
            if (Progress is not null && at.Days > day)
            {
                day = at.Days;
                Progress(FormattableString.Invariant(
                    $"    {policy.Name} day {day}: {wall.Elapsed.TotalSeconds:0.0} s wall, {Timer.Sections.FirstOrDefault(s => s.Section == "tick").Time.TotalSeconds:0.0} s in {_rounds} ticks, {_metrics.GoodParts} good parts"));
            }
            _metrics.Advance(at);
            if (at != _now)
            {
                time.SetUtcNow(_options.Start + at);
                _now = at;
            }
            await HandleAsync(policy, next);
        }
        _metrics.Advance(end);
        var extra = await Timer.TimeAsync("finish", policy.FinishAsync);
        wall.Stop();
        var row = _metrics.Report(policy.Name, end, wall.Elapsed.TotalSeconds, _rounds);
        row["policy_s"] = Timer.Total.TotalSeconds;
        foreach (var (name, value) in extra)
            row[name] = value;
        return row;
    }

    private async Task HandleAsync(IFarmPolicy policy, SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.DemandArrives:
                var demand = _network.Demands[e.Target];
                _metrics.DemandArrived(demand, _now);
                await Timer.TimeAsync("demand", () => policy.DemandArrivedAsync(demand));
                MarkDirty();
                break;
            case SimEventKind.PrinterOffline:
                await OfflineAsync(policy, _printers[e.Target]);
                break;
            case SimEventKind.PrinterOnline:
                var online = _printers[e.Target];
                SetMode(online, PrinterMode.NeedsBedClear);
                await Timer.TimeAsync("online", () => policy.PrinterOnlineAsync(online.Printer));
                ScheduleClear(online);
                break;
            case SimEventKind.PrintEnds:
                if (_printers[e.Target].Version == e.Version)
                    await PrintEndsAsync(policy, _printers[e.Target]);
                break;
            case SimEventKind.BedCleared:
                if (_printers[e.Target].Version == e.Version)
                    await BedClearedAsync(policy, _printers[e.Target]);
                break;
            case SimEventKind.Tick:
                await TickAsync(policy);
                break;
        }
    }

    private async Task OfflineAsync(IFarmPolicy policy, PrinterRuntime printer)
    {
        var interrupted = printer.Mode == PrinterMode.Printing ? printer.Current : null;
        if (interrupted is not null)
        {
            _metrics.PlateEnded(interrupted, 0, _now, lost: true);
            printer.Current = null;
            printer.Bed = null;
        }
        printer.Version++;
        SetMode(printer, PrinterMode.Offline);
        await Timer.TimeAsync("offline", () => policy.PrinterOfflineAsync(printer.Printer, interrupted));
        MarkDirty();
    }

    private async Task PrintEndsAsync(IFarmPolicy policy, PrinterRuntime printer)
    {
        var plate = printer.Current!;
        printer.Current = null;
        if (printer.Outcome == PlateOutcome.FailedPrint)
        {
            _metrics.PlateEnded(plate, 0, _now, lost: true);
            printer.Bed = null;
            await Timer.TimeAsync("failed", () => policy.PlateFailedAsync(plate));
        }
        else
        {
            printer.Bed = plate;
            printer.BedGood = printer.Outcome == PlateOutcome.NoGoodParts ? 0 : plate.Parts;
            await Timer.TimeAsync("completed", () => policy.PlateCompletedAsync(plate));
        }
        SetMode(printer, PrinterMode.NeedsBedClear);
        ScheduleClear(printer);
        MarkDirty();
    }

    private async Task BedClearedAsync(IFarmPolicy policy, PrinterRuntime printer)
    {
        var good = 0;
        if (printer.Bed is { } plate)
        {
            good = printer.BedGood;
            _metrics.PlateEnded(plate, good, _now, lost: good == 0);
            printer.Bed = null;
        }
        SetMode(printer, PrinterMode.Free);
        await Timer.TimeAsync("bed-clear", () => policy.BedClearedAsync(printer.Printer, good));
        MarkDirty();
    }

    private async Task TickAsync(IFarmPolicy policy)
    {
        _tickScheduled = false;
        _lastTick = _now;
        if (!_dirty || _metrics.FreePrinters == 0)
            return;
        _dirty = false;
        _rounds++;
        var plates = await Timer.TimeAsync("tick", policy.TickAsync);
        foreach (var plate in plates)
        {
            var printer = _printers[plate.Printer.Index];
            if (printer.Mode != PrinterMode.Free)
                throw new InvalidOperationException($"{policy.Name} gave job {plate.JobId} to {plate.Printer.Id}, which is {printer.Mode}");
            if (plate.Variant.Class != printer.Printer.Class)
                throw new InvalidOperationException($"{policy.Name} gave {plate.Variant.Id} to {plate.Printer.Id}, a {printer.Printer.Class.Name}");
            printer.Current = plate;
            SetMode(printer, PrinterMode.Printing);
            _metrics.PlateStarted(plate);
            await Timer.TimeAsync("started", () => policy.PlateStartedAsync(plate));
            var duration = plate.Variant.PlateTime * printer.Random.Uniform(0.98, 1.06);
            var roll = printer.Random.NextDouble();
            printer.Outcome = roll < _options.PlateFailureRate / 2 ? PlateOutcome.FailedPrint
                : roll < _options.PlateFailureRate ? PlateOutcome.NoGoodParts : PlateOutcome.Good;
            if (printer.Outcome == PlateOutcome.FailedPrint)
                duration *= printer.Random.Uniform(0.05, 0.9);
            Schedule(_now + Round(duration), SimEventKind.PrintEnds, printer.Printer.Index, printer.Version);
        }
    }

    private void SetMode(PrinterRuntime printer, PrinterMode mode)
    {
        if (printer.Mode == mode)
            return;
        _metrics.ModeChanged(printer.Printer, printer.Mode, mode);
        printer.Mode = mode;
    }

    private void ScheduleClear(PrinterRuntime printer) =>
        Schedule(Round(BedClearTimes.Next(_now, printer.Printer, printer.Random)), SimEventKind.BedCleared, printer.Printer.Index, printer.Version);

    private void MarkDirty()
    {
        _dirty = true;
        if (_tickScheduled)
            return;
        var ticks = _tick.Ticks;
        var aligned = TimeSpan.FromTicks((_now.Ticks + ticks - 1) / ticks * ticks);
        var at = aligned > _lastTick + _tick ? aligned : _lastTick + _tick;
        Schedule(at, SimEventKind.Tick, 0, 0);
        _tickScheduled = true;
    }

    private void Schedule(TimeSpan at, SimEventKind kind, int target, int version) =>
        _queue.Enqueue(new SimEvent(kind, target, version), (at.Ticks, _sequence++));

    /// <summary>Whole seconds, so that event times stay exact.</summary>
    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds));
}
