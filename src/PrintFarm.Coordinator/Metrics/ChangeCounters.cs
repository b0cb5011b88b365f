using PrintFarm.Farm.Changes;
using PrintFarm.Farm.Jobs;
using PrintFarm.Wire;
using Prometheus;

namespace PrintFarm.Coordinator.Metrics;

/// <summary>
/// The coordinator's Prometheus registry, and the counters the farm's committed changes feed: rows changed by kind,
/// and jobs that reached an end state. Rates come from Prometheus' <c>rate()</c>.
/// </summary>
public sealed class ChangeCounters
{
    /// <summary>Ended jobs remembered, so that a later write to an ended job (its good parts counted at the bed) is not a second end.</summary>
    private const int RememberedEnds = 200_000;

    private readonly Dictionary<long, JobState> _ended = [];
    private readonly Counter _changes;
    private readonly Counter _jobsEnded;

    public ChangeCounters()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _changes = factory.CreateCounter("printfarm_changes_total", "Rows the farm committed, by kind (job, printer, demand, ledger-line, design, variant)", "kind");
        _jobsEnded = factory.CreateCounter("printfarm_jobs_ended_total", "Jobs that reached an end state (completed, failed, cancelled, interrupted) since start, by state", "state");
        // Every series is there from the first scrape, at 0, so a rate() over a fresh start has a starting point.
        foreach (var kind in Kinds)
            _changes.WithLabels(kind);
        foreach (var state in EndStates)
            _jobsEnded.WithLabels(WireNames.Of(state));
    }

    private static readonly string[] Kinds = ["job", "printer", "demand", "ledger-line", "design", "variant"];

    private static readonly JobState[] EndStates = [JobState.Completed, JobState.Failed, JobState.Cancelled, JobState.Interrupted];

    public CollectorRegistry Registry { get; }

    public void Count(FarmChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Add("job", changes.Jobs.Count);
        Add("printer", changes.Printers.Count);
        Add("demand", changes.Demands.Count);
        Add("ledger-line", changes.LedgerDesigns.Count);
        Add("design", changes.Designs.Count);
        Add("variant", changes.Variants.Count);
        lock (_ended)
        {
            foreach (var job in changes.Jobs)
            {
                if (!EndStates.Contains(job.State))
                    continue;
                if (_ended.TryGetValue(job.Id, out var counted) && counted == job.State)
                    continue;
                if (_ended.Count >= RememberedEnds)
                    _ended.Clear();
                _ended[job.Id] = job.State;
                _jobsEnded.WithLabels(WireNames.Of(job.State)).Inc();
            }
        }
    }

    /// <summary>How many jobs were counted as ended in <paramref name="state"/>; for tests.</summary>
    public double Ended(JobState state) => _jobsEnded.WithLabels(WireNames.Of(state)).Value;

    /// <summary>How many rows of <paramref name="kind"/> were counted; for tests.</summary>
    public double Counted(string kind) => _changes.WithLabels(kind).Value;

    private void Add(string kind, int count)
    {
        if (count > 0)
            _changes.WithLabels(kind).Inc(count);
    }
}
