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
    private readonly Counter _changes;
    private readonly Counter _jobsEnded;

    public ChangeCounters()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _changes = factory.CreateCounter("printfarm_changes_total", "Rows the farm committed, by kind (job, printer, demand, ledger-line, design, variant)", "kind");
        _jobsEnded = factory.CreateCounter("printfarm_jobs_ended_total", "Jobs that reached an end state since start, by state", "state");
    }

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
        foreach (var job in changes.Jobs)
        {
            if (job.State is JobState.Completed or JobState.Failed or JobState.Cancelled)
                _jobsEnded.WithLabels(WireNames.Of(job.State)).Inc();
        }
    }

    /// <summary>How many rows of <paramref name="kind"/> were counted; for tests.</summary>
    public double Counted(string kind) => _changes.WithLabels(kind).Value;

    private void Add(string kind, int count)
    {
        if (count > 0)
            _changes.WithLabels(kind).Inc(count);
    }
}
