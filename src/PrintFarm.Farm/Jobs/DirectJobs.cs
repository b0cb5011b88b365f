using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Jobs;

/// <summary>
/// Staff queue plates directly, outside any demand, optionally aimed at one printer or one site; their good parts become
/// stock on the ledger line of requester <see cref="LedgerKey.Stock"/>.
/// </summary>
public sealed class DirectJobs
{
    /// <summary>Most plates one request may queue.</summary>
    public const int MaxPlates = 10_000;

    private readonly IFarmStore _store;
    private readonly FarmOptions _options;
    private readonly TimeProvider _time;

    public DirectJobs(IFarmStore store, FarmOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>
    /// Queues enough whole plates for <see cref="DirectJobRequest.Copies"/> parts and returns the new job ids. Given a design,
    /// it picks the variant that fits the most printers of the target (online ones first), then the one with the most
    /// parts per plate; a design with no variant that fits is refused, as is a variant that does not fit the target.
    /// </summary>
    public async Task<IReadOnlyList<long>> QueueAsync(DirectJobRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.DesignId) && string.IsNullOrWhiteSpace(request.VariantId))
            throw new FarmValidationException("a direct job needs a design or a variant");
        if (request.Copies < 1 || request.Copies > _options.MaxDemandQuantity)
            throw new FarmValidationException($"copies must be between 1 and {_options.MaxDemandQuantity}, not {request.Copies}");
        if (request.TargetPrinterId is not null && request.TargetSite is not null)
            throw new FarmValidationException("a direct job targets a printer or a site, not both");
        if ((request.TargetPrinterId is { } p && string.IsNullOrWhiteSpace(p)) || (request.TargetSite is { } s && string.IsNullOrWhiteSpace(s)))
            throw new FarmValidationException("a direct job's target printer or site cannot be blank");

        await using var transaction = await _store.BeginAsync(cancellationToken);
        var (target, targetText) = await TargetPrintersAsync(transaction, request, cancellationToken);
        var variant = await ChooseVariantAsync(transaction, request, target, targetText, cancellationToken);
        var node = request.Node?.Trim() is { Length: > 0 } given ? given : DefaultNode(request, target);
        var plates = (request.Copies + variant.PartsPerPlate - 1) / variant.PartsPerPlate;
        if (plates > MaxPlates)
            throw new FarmValidationException($"{request.Copies} copies are {plates} plates of {variant.Id}; at most {MaxPlates} at once");

        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        for (var i = 0; i < plates; i++)
        {
            changes.AddJob(new Job
            {
                DesignId = variant.DesignId,
                VariantId = variant.Id,
                Requester = LedgerKey.Stock,
                Node = node,
                Parts = variant.PartsPerPlate,
                Priority = request.Priority,
                TargetPrinterId = request.TargetPrinterId,
                TargetSite = request.TargetSite,
                CreatedAt = changes.Now,
                UpdatedAt = changes.Now,
            }, $"direct job {i + 1} of {plates} by staff, {request.Copies} copies of {variant.Id}{targetText}");
        }
        var ids = await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>The printers the jobs may go to: the target printer, the printers of the target site, or all of them.</summary>
    private static async Task<(IReadOnlyList<Printer> Printers, string Text)> TargetPrintersAsync(
        IFarmTransaction transaction, DirectJobRequest request, CancellationToken cancellationToken)
    {
        if (request.TargetPrinterId is { } printerId)
        {
            var printer = await transaction.GetPrinterAsync(printerId, cancellationToken)
                ?? throw new FarmNotFoundException($"unknown printer {printerId}");
            return ([printer], $" for printer {printerId}");
        }
        var all = await transaction.ListPrintersAsync(cancellationToken);
        if (request.TargetSite is not { } site)
            return (all, "");
        var atSite = all.Where(p => p.Site == site).ToList();
        if (atSite.Count == 0)
            throw new FarmValidationException($"no printer is registered at site {site}");
        return (atSite, $" at site {site}");
    }

    private static async Task<Variant> ChooseVariantAsync(
        IFarmTransaction transaction, DirectJobRequest request, IReadOnlyList<Printer> target, string targetText, CancellationToken cancellationToken)
    {
        Variant? given = null;
        if (!string.IsNullOrWhiteSpace(request.VariantId))
        {
            given = await transaction.GetVariantAsync(request.VariantId, cancellationToken)
                ?? throw new FarmNotFoundException($"unknown variant {request.VariantId}");
            if (!string.IsNullOrWhiteSpace(request.DesignId) && given.DesignId != request.DesignId)
                throw new FarmValidationException($"variant {given.Id} is not a variant of design {request.DesignId}");
        }
        var designId = given?.DesignId ?? request.DesignId!;
        var design = await transaction.GetDesignAsync(designId, cancellationToken) ?? throw new FarmNotFoundException($"unknown design {designId}");
        if (design.Approval == ApprovalStatus.Withdrawn)
            throw new FarmValidationException($"design {design.Id} is withdrawn by the health authority");

        if (given is not null)
        {
            // Without a target the job waits for any printer that fits, as before; with one, the target must be able to print it.
            if (targetText.Length > 0 && !target.Any(p => given.FitsPrinter(p.Capabilities)))
                throw new FarmValidationException($"variant {given.Id} fits no printer{targetText}");
            return given;
        }
        var best = (await transaction.ListVariantsAsync(cancellationToken))
            .Where(v => v.DesignId == design.Id)
            .Select(v => (Variant: v, Online: target.Count(p => IsOnline(p) && v.FitsPrinter(p.Capabilities)), All: target.Count(p => v.FitsPrinter(p.Capabilities))))
            .Where(x => x.All > 0)
            .OrderByDescending(x => x.Online).ThenByDescending(x => x.All).ThenByDescending(x => x.Variant.PartsPerPlate)
            .ThenBy(x => x.Variant.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Variant ?? throw new FarmValidationException(
            $"design {design.Id} has no variant that fits {(targetText.Length > 0 ? "any printer" + targetText : "any registered printer")}");
    }

    private static bool IsOnline(Printer printer) => printer.State is not (PrinterState.Offline or PrinterState.Maintenance);

    private static string DefaultNode(DirectJobRequest request, IReadOnlyList<Printer> target)
    {
        if (request.TargetPrinterId is not null)
            return target[0].Node;
        if (request.TargetSite is not null)
        {
            var nodes = target.Select(p => p.Node).Distinct(StringComparer.Ordinal).ToList();
            if (nodes.Count == 1)
                return nodes[0];
            throw new FarmValidationException($"the printers at site {request.TargetSite} deliver to {nodes.Count} nodes; name the node for the parts");
        }
        throw new FarmValidationException("a direct job needs a node for its parts, a target printer or a target site");
    }
}
