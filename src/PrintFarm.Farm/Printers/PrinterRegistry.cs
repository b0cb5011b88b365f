using PrintFarm.Farm.Access;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Printers;

/// <summary>Registers printers and moves their state: online, offline, maintenance, error, and the bed-clear report.</summary>
public sealed class PrinterRegistry
{
    /// <summary>Longest printer name accepted.</summary>
    public const int MaxNameLength = 100;

    private readonly IFarmStore _store;
    private readonly FarmOptions _options;
    private readonly TimeProvider _time;

    public PrinterRegistry(IFarmStore store, FarmOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>Adds a printer. It starts offline; coming online puts it in needs-bed-clear. Without a name it is named by its id.</summary>
    public async Task<Printer> RegisterAsync(Printer printer, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(printer);
        printer = printer with { Name = string.IsNullOrWhiteSpace(printer.Name) ? printer.Id : printer.Name.Trim() };
        Validate(printer);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (await transaction.GetPrinterAsync(printer.Id, cancellationToken) is not null)
            throw new FarmValidationException($"printer {printer.Id} is registered already");
        var now = _time.GetUtcNow();
        if (printer.LinkKind == LinkKind.Agent)
        {
            // An agent id is its first owner's for good: revoking its key does not free it, only an admin's transfer does.
            var owner = await transaction.GetAgentOwnerAsync(printer.LinkAddress, cancellationToken);
            if (owner is null)
                await transaction.SetAgentOwnerAsync(printer.LinkAddress, printer.Owner, actor, now, cancellationToken);
            else if (!string.Equals(owner, printer.Owner, StringComparison.Ordinal))
                throw new FarmConflictException(AgentOwners.TakenMessage(printer.LinkAddress));
        }
        var stored = printer with
        {
            State = PrinterState.Offline, CurrentJobId = null, BedJobId = null, TrackRecord = new TrackRecord(), RegisteredAt = now,
        };
        await transaction.InsertPrinterAsync(stored, cancellationToken);
        var changes = new ChangeSet(now, actor);
        changes.Audit("printer.registered", $"printer:{printer.Id}",
            $"{printer.Capabilities.Profile} {printer.Capabilities.Material} {printer.Capabilities.NozzleMm} mm at {printer.Site}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Renames a printer or changes its capabilities (bed, nozzle, material, firmware profile). Allowed in any state: a
    /// print that is running keeps going, and the dispatcher matches the next job against the new capabilities.
    /// </summary>
    public async Task<Printer> UpdateAsync(string id, PrinterUpdate update, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update == new PrinterUpdate())
            throw new FarmValidationException($"an update of printer {id} needs a name or a capability to change");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var printer = await transaction.GetPrinterAsync(id, cancellationToken) ?? throw new FarmNotFoundException($"unknown printer {id}");
        var c = printer.Capabilities;
        var after = printer with
        {
            Name = update.Name?.Trim() ?? printer.Name,
            Capabilities = c with
            {
                BedXMm = update.BedXMm ?? c.BedXMm,
                BedYMm = update.BedYMm ?? c.BedYMm,
                NozzleMm = update.NozzleMm ?? c.NozzleMm,
                Material = update.Material?.Trim() ?? c.Material,
                Profile = update.Profile?.Trim() ?? c.Profile,
            },
        };
        Validate(after);
        var changed = Differences(printer, after);
        if (changed.Count == 0)
            return printer;
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        // A job assigned but not started that the new material, nozzle or bed no longer fits goes back to the queue,
        // where the next dispatch finds it a variant and a printer that fit.
        if (printer.CurrentJobId is { } jobId && await transaction.GetJobAsync(jobId, cancellationToken) is { State: JobState.Assigned } assigned
            && await transaction.GetVariantAsync(assigned.VariantId, cancellationToken) is { } variant && !variant.FitsPrinter(after.Capabilities))
        {
            JobTransitions.Unassign(changes, assigned, $"printer {id} no longer fits {variant.Id}: {string.Join(", ", changed)}");
            after = after with { CurrentJobId = null };
        }
        changes.SetPrinter(after);
        changes.Audit("printer.updated", $"printer:{id}", string.Join(", ", changed));
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>Reads a printer on the read path, without the write lock.</summary>
    public Task<Printer?> GetAsync(string id, CancellationToken cancellationToken = default) => _store.Reader.GetPrinterAsync(id, cancellationToken);

    /// <summary>
    /// Moves a printer to offline, error, maintenance or needs-bed-clear (coming online). A job it held goes back to
    /// the queue if it had not started; a running one fails this attempt on error and is interrupted when the link goes offline.
    /// </summary>
    public async Task<Printer> SetStateAsync(string id, PrinterState to, string actor, string reason = "", CancellationToken cancellationToken = default)
    {
        if (to is PrinterState.Ready or PrinterState.Printing or PrinterState.Paused)
            throw new FarmValidationException($"printer {id} becomes {to} through a bed-clear report or a job, not directly");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var printer = await transaction.GetPrinterAsync(id, cancellationToken) ?? throw new FarmNotFoundException($"unknown printer {id}");
        PrinterStateMachine.EnsureCanMove(id, printer.State, to);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var job = printer.CurrentJobId is { } jobId ? await transaction.GetJobAsync(jobId, cancellationToken) : null;
        Printer after;
        if (job is null)
            after = changes.MovePrinter(printer, to, p => p with { CurrentJobId = null }, reason);
        else if (job.State == JobState.Assigned)
        {
            JobTransitions.Unassign(changes, job, $"printer {id} went {to} before the start");
            after = changes.MovePrinter(printer, to, p => p with { CurrentJobId = null }, reason);
        }
        else if (to == PrinterState.Error)
            after = JobTransitions.FailAttempt(changes, job, printer, to, _options.MaxAttempts, reason.Length > 0 ? reason : "printer error").Printer;
        else
        {
            JobTransitions.Interrupt(changes, job, $"printer {id} went {to}");
            after = changes.MovePrinter(printer, to, p => p with { CurrentJobId = null, BedJobId = job.Id }, reason);
        }
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>
    /// The bed-clear gate: the maker or staff cleared the bed and counted the good parts of the last print.
    /// Only this makes a printer ready. The good parts enter the ledger as printed; when <paramref name="goodPartsGiven"/>
    /// is null, every part of the plate counts as good.
    /// </summary>
    public async Task<Printer> BedClearedAsync(string id, int? goodPartsGiven, string actor, CancellationToken cancellationToken = default)
    {
        if (goodPartsGiven is { } given && given < 0)
            throw new FarmValidationException($"good parts cannot be negative ({given})");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var printer = await transaction.GetPrinterAsync(id, cancellationToken) ?? throw new FarmNotFoundException($"unknown printer {id}");
        PrinterStateMachine.EnsureCanMove(id, printer.State, PrinterState.Ready);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var job = printer.BedJobId is { } jobId ? await transaction.GetJobAsync(jobId, cancellationToken) : null;
        // Not said: every part of a plate this printer completed is good, and an empty or aborted bed held none.
        var goodParts = goodPartsGiven ?? (job is { State: JobState.Completed, GoodParts: null } && job.PrinterId == id ? job.Parts : 0);
        // Only a plate this printer completed is counted here. The bed may still name a job that was interrupted or
        // failed here and then printed again elsewhere: that plate is counted on the other printer, this bed held
        // an aborted one.
        if (job is { State: JobState.Completed, GoodParts: null } && job.PrinterId == id)
        {
            if (goodParts > job.Parts)
                throw new FarmValidationException($"job {job.Id} printed a plate of {job.Parts}; {goodParts} good parts is more than that");
            changes.UpdateJob(job, job with { GoodParts = goodParts, UpdatedAt = changes.Now }, "job.good-parts", $"{goodParts} of {job.Parts} good");
        }
        else if (goodParts != 0)
        {
            throw new FarmValidationException($"printer {id} has no completed print to report; the good parts must be 0");
        }
        // A completed print with no good part is a failed plate: it counts against the printer, as a firmware error does.
        var failedPlate = job is { State: JobState.Completed, GoodParts: null } && job.PrinterId == id && goodParts == 0;
        var after = changes.MovePrinter(printer, PrinterState.Ready,
            p => p with
            {
                BedJobId = null,
                TrackRecord = failedPlate
                    ? p.TrackRecord with { Parts = p.TrackRecord.Parts, JobsFailed = p.TrackRecord.JobsFailed + 1, LastFailureAt = changes.Now }
                    : p.TrackRecord with { Parts = p.TrackRecord.Parts + goodParts },
            },
            failedPlate ? "bed cleared, a failed plate: 0 good parts" : $"bed cleared, {goodParts} good parts");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    private static List<string> Differences(Printer before, Printer after)
    {
        var changed = new List<string>();
        void Compare<T>(string what, T was, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now))
                changed.Add(FormattableString.Invariant($"{what} {was} -> {now}"));
        }
        Compare("name", before.Name, after.Name);
        Compare("bed x", before.Capabilities.BedXMm, after.Capabilities.BedXMm);
        Compare("bed y", before.Capabilities.BedYMm, after.Capabilities.BedYMm);
        Compare("nozzle", before.Capabilities.NozzleMm, after.Capabilities.NozzleMm);
        Compare("material", before.Capabilities.Material, after.Capabilities.Material);
        Compare("profile", before.Capabilities.Profile, after.Capabilities.Profile);
        return changed;
    }

    private static void Validate(Printer printer)
    {
        if (string.IsNullOrWhiteSpace(printer.Id))
            throw new FarmValidationException("a printer needs an id");
        if (printer.Id.Contains(',', StringComparison.Ordinal))
            throw new FarmValidationException($"printer id \"{printer.Id}\" may not contain a comma");
        if (string.IsNullOrWhiteSpace(printer.Name) || printer.Name.Length > MaxNameLength || printer.Name.Any(char.IsControl))
            throw new FarmValidationException($"printer {printer.Id} needs a name of 1 to {MaxNameLength} printable characters");
        if (string.IsNullOrWhiteSpace(printer.Site) || string.IsNullOrWhiteSpace(printer.Node) || string.IsNullOrWhiteSpace(printer.Owner))
            throw new FarmValidationException($"printer {printer.Id} needs an owner, a site and a node");
        if (!TextRules.IsPlain(printer.Id) || !TextRules.IsPlain(printer.Name) || !TextRules.IsPlain(printer.Site) || !TextRules.IsPlain(printer.Node)
            || !TextRules.IsPlain(printer.Owner) || !TextRules.IsPlain(printer.LinkAddress))
            throw new FarmValidationException($"printer \"{TextRules.Printable(printer.Id)}\": its id, name, site, node, owner and link may not hold control or bidirectional characters");
        if (string.IsNullOrWhiteSpace(printer.LinkAddress))
            throw new FarmValidationException($"printer {printer.Id} needs a link: a port or an agent id");
        var c = printer.Capabilities;
        if (c.BedXMm <= 0 || c.BedYMm <= 0 || c.NozzleMm <= 0 || c.BedXMm > 10_000 || c.BedYMm > 10_000)
            throw new FarmValidationException($"printer {printer.Id} has an impossible bed or nozzle size");
        if (string.IsNullOrWhiteSpace(c.Material) || string.IsNullOrWhiteSpace(c.Profile))
            throw new FarmValidationException($"printer {printer.Id} needs a material and a firmware profile");
    }
}
