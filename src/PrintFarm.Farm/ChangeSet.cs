using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm;

/// <summary>
/// The writes of one operation, gathered and then written in one transaction: job and printer rows, the
/// ledger deltas that follow from the job changes, delivery records and the audit entries.
/// </summary>
internal sealed class ChangeSet
{
    private readonly List<(Job Job, string Details)> _newJobs = [];
    private readonly Dictionary<long, Job> _jobs = [];
    private readonly Dictionary<string, Printer> _printers = new(StringComparer.Ordinal);
    private readonly Dictionary<LedgerKey, LedgerCounts> _ledger = [];
    private readonly List<PartMovement> _movements = [];
    private readonly List<AuditEntry> _audit = [];
    private bool _idsReserved;

    public ChangeSet(DateTimeOffset now, string actor)
    {
        Now = now;
        Actor = actor;
    }

    public DateTimeOffset Now { get; }

    public string Actor { get; }

    public int NewJobCount => _newJobs.Count;

    public void AddJob(Job job, string details)
    {
        _newJobs.Add((job, details));
        AddLedger(job.Key, LedgerStages.ForJob(job));
    }

    /// <summary>
    /// Gives the new jobs their ids before they are written and records their <c>job.queued</c> entries, so later
    /// steps of the same change set can refer to them; returns them as they will be stored (times to the millisecond),
    /// as a read would. A later <see cref="MoveJob"/> of one of them is written with its insert, not as an update.
    /// </summary>
    public async Task<IReadOnlyList<Job>> ReserveNewJobIdsAsync(IFarmTransaction transaction, CancellationToken cancellationToken)
    {
        if (_idsReserved)
            throw new InvalidOperationException("The new jobs already have their ids.");
        _idsReserved = true;
        var ids = await transaction.ReserveJobIdsAsync(_newJobs.Count, cancellationToken);
        var jobs = new List<Job>(_newJobs.Count);
        for (var i = 0; i < _newJobs.Count; i++)
        {
            var (job, details) = _newJobs[i];
            job = job with { Id = ids[i], CreatedAt = ToMillisecond(job.CreatedAt), UpdatedAt = ToMillisecond(job.UpdatedAt) };
            _newJobs[i] = (job, details);
            Audit("job.queued", $"job:{job.Id}", details);
            jobs.Add(job);
        }
        return jobs;
    }

    /// <summary>Records a job change after checking it against the transition table.</summary>
    public Job MoveJob(Job before, JobState to, Func<Job, Job> change, string details = "")
    {
        JobStateMachine.EnsureCanMove(before.Id, before.State, to);
        var after = change(before with { State = to, UpdatedAt = Now });
        UpdateJob(before, after, "job." + StoredNames.Of(to), details);
        return after;
    }

    /// <summary>Records a job change that keeps its state (good parts, priority).</summary>
    public void UpdateJob(Job before, Job after, string action, string details)
    {
        // Each step adds its own difference, so several steps on one job in one change set add up.
        _jobs[after.Id] = after;
        AddLedger(after.Key, LedgerStages.Delta(before, after));
        Audit(action, $"job:{after.Id}", details);
    }

    /// <summary>Records a printer's new row; state moves are checked against the transition table.</summary>
    public Printer MovePrinter(Printer before, PrinterState to, Func<Printer, Printer> change, string details = "")
    {
        if (before.State != to)
            PrinterStateMachine.EnsureCanMove(before.Id, before.State, to);
        var after = change(before with { State = to });
        _printers[after.Id] = after;
        Audit("printer." + StoredNames.Of(to), $"printer:{after.Id}", details);
        return after;
    }

    public void SetPrinter(Printer after) => _printers[after.Id] = after;

    public void AddLedger(LedgerKey key, LedgerCounts delta)
    {
        if (delta.IsZero)
            return;
        _ledger[key] = _ledger.TryGetValue(key, out var existing) ? existing + delta : delta;
    }

    public void AddMovement(PartMovement movement)
    {
        _movements.Add(movement);
        AddLedger(movement.Key, movement.Delta);
    }

    public void Audit(string action, string subject, string details = "") =>
        _audit.Add(new AuditEntry { At = Now, Actor = Actor, Action = action, Subject = subject, Details = details });

    /// <summary>Writes everything inside <paramref name="transaction"/>; the caller commits.</summary>
    public async Task<IReadOnlyList<long>> WriteAsync(IFarmTransaction transaction, CancellationToken cancellationToken)
    {
        IReadOnlyList<long> ids;
        if (_idsReserved)
        {
            // A new job that already moved on (a round's planner queued it, its dispatcher assigned it) goes in as it ends up.
            var rows = _newJobs.Select(j => _jobs.Remove(j.Job.Id, out var moved) ? moved : j.Job).ToList();
            ids = rows.Count == 0 ? [] : await transaction.InsertJobsAsync(rows, cancellationToken);
        }
        else
        {
            ids = await transaction.InsertJobsAsync(_newJobs.Select(j => j.Job).ToList(), cancellationToken);
            for (var i = 0; i < ids.Count; i++)
                Audit("job.queued", $"job:{ids[i]}", _newJobs[i].Details);
        }
        if (_jobs.Count > 0)
            await transaction.UpdateJobsAsync(_jobs.Values.ToList(), cancellationToken);
        if (_printers.Count > 0)
            await transaction.UpdatePrintersAsync(_printers.Values.ToList(), cancellationToken);
        if (_movements.Count > 0)
            await transaction.InsertMovementsAsync(_movements, cancellationToken);
        if (_ledger.Count > 0)
            await transaction.AddToLedgerAsync(_ledger, cancellationToken);
        await transaction.AppendAuditAsync(_audit, cancellationToken);
        return ids;
    }

    private static DateTimeOffset ToMillisecond(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
