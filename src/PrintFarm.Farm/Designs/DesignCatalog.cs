using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Farm.Designs;

/// <summary>
/// Adds designs and their variants, and records the health authority's approval. Approval covers named files: approving
/// a design approves the variants it has then (each by its sha256), and a variant added later prints for a demand only
/// once it is approved itself, except when staff add it to an approved design, which is their approval. A maker adds
/// variants only to a pending design of their own; the audit log says who added and who approved each variant.
/// </summary>
public sealed class DesignCatalog
{
    private readonly IFarmStore _store;
    private readonly ProfileCatalog _profiles;
    private readonly GcodeFileStore _files;
    private readonly TimeProvider _time;

    public DesignCatalog(IFarmStore store, ProfileCatalog profiles, GcodeFileStore files, TimeProvider time)
    {
        _store = store;
        _profiles = profiles;
        _files = files;
        _time = time;
    }

    public async Task<Design> AddDesignAsync(Design design, string actor, CancellationToken cancellationToken = default)
    {
        Validate(design);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var stored = await InsertDesignAsync(transaction, changes, design, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>A design and its first variant in one transaction: either both are stored or neither.</summary>
    public async Task<(Design Design, Variant Variant)> AddDesignWithVariantAsync(
        Design design, VariantSpec spec, string gcodePath, DesignAuthor author, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(author);
        Validate(design);
        var checkedFile = CheckFile(design.Id, spec, gcodePath, cancellationToken);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), author.Actor);
        var stored = await InsertDesignAsync(transaction, changes, design, cancellationToken);
        var variant = await InsertVariantAsync(transaction, changes, stored, spec, checkedFile, author, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        _files.Put(gcodePath, variant.Sha256);
        await transaction.CommitAsync(cancellationToken);
        return (stored, variant);
    }

    /// <summary>Sets a design's approval. Approving it approves every variant it has now, each named by its sha256 in the audit log.</summary>
    public async Task<Design> SetApprovalAsync(string designId, ApprovalStatus approval, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var design = await transaction.GetDesignAsync(designId, cancellationToken) ?? throw new FarmNotFoundException($"unknown design {designId}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var after = design with { Approval = approval };
        await transaction.UpdateDesignAsync(after, cancellationToken);
        changes.Audit("design.approval", $"design:{designId}", $"{design.Approval} -> {approval}");
        if (approval == ApprovalStatus.Approved)
        {
            foreach (var variant in (await transaction.ListVariantsAsync(cancellationToken)).Where(v => v.DesignId == designId && !v.IsApproved))
                await ApproveAsync(transaction, changes, variant, cancellationToken);
        }
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>Approves one variant's file (by its sha256) to print for demands. Its design's own approval still applies.</summary>
    public async Task<Variant> ApproveVariantAsync(string variantId, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var variant = await transaction.GetVariantAsync(variantId, cancellationToken) ?? throw new FarmNotFoundException($"unknown variant {variantId}");
        if (variant.IsApproved)
            return variant;
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var after = await ApproveAsync(transaction, changes, variant, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>
    /// Removes a variant that no job ever used, as staff; its stored file stays (other variants may share it). A variant
    /// that any job refers to, finished ones included, is kept for the job history and refused with a conflict.
    /// </summary>
    public async Task RemoveVariantAsync(string variantId, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var variant = await transaction.GetVariantAsync(variantId, cancellationToken) ?? throw new FarmNotFoundException($"unknown variant {variantId}");
        var jobs = await transaction.CountJobsOfVariantAsync(variantId, cancellationToken);
        if (jobs > 0)
            throw new FarmConflictException($"variant {variantId} is used by {jobs} job{(jobs == 1 ? "" : "s")}; it stays for their history");
        await transaction.DeleteVariantAsync(variantId, cancellationToken);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        changes.Audit("variant.removed", $"variant:{variant.Id}", $"sha256 {variant.Sha256}, added by {variant.AddedBy}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds a variant as staff.</summary>
    public Task<Variant> AddVariantAsync(string designId, VariantSpec spec, string gcodePath, string actor, CancellationToken cancellationToken = default) =>
        AddVariantAsync(designId, spec, gcodePath, DesignAuthor.Staff(actor), cancellationToken);

    /// <summary>
    /// Analyses the G-code, checks it against the profile and the stated bed, stores the file once by sha256
    /// and records the variant. A file that does not fit, or an author who may not add to this design, is refused and
    /// nothing is stored.
    /// </summary>
    public async Task<Variant> AddVariantAsync(string designId, VariantSpec spec, string gcodePath, DesignAuthor author, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(author);
        var checkedFile = CheckFile(designId, spec, gcodePath, cancellationToken);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var design = await transaction.GetDesignAsync(designId, cancellationToken) ?? throw new FarmNotFoundException($"unknown design {designId}");
        var changes = new ChangeSet(_time.GetUtcNow(), author.Actor);
        var variant = await InsertVariantAsync(transaction, changes, design, spec, checkedFile, author, cancellationToken);
        await changes.WriteAsync(transaction, cancellationToken);
        // The file goes in before the commit: a crash in between leaves an unreferenced file, never a variant without one.
        _files.Put(gcodePath, variant.Sha256);
        await transaction.CommitAsync(cancellationToken);
        return variant;
    }

    private static void Validate(Design design)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (string.IsNullOrWhiteSpace(design.Id) || design.Id.Contains('/', StringComparison.Ordinal) || !TextRules.IsPlain(design.Id))
            throw new FarmValidationException($"a design needs an id without '/' or control characters (got \"{TextRules.Printable(design.Id)}\")");
        if (string.IsNullOrWhiteSpace(design.Name) || string.IsNullOrWhiteSpace(design.Licence))
            throw new FarmValidationException($"design {design.Id} needs a name and a licence");
        if (!TextRules.IsPlain(design.Name) || !TextRules.IsPlain(design.Licence) || !TextRules.IsPlain(design.Category))
            throw new FarmValidationException($"design {design.Id}: the name, licence and category may not hold control or bidirectional characters");
        if (!Uri.TryCreate(design.SourceUrl, UriKind.Absolute, out _))
            throw new FarmValidationException($"design {design.Id} needs an absolute source URL (got \"{TextRules.Printable(design.SourceUrl)}\")");
    }

    private static async Task<Design> InsertDesignAsync(IFarmTransaction transaction, ChangeSet changes, Design design, CancellationToken cancellationToken)
    {
        if (await transaction.GetDesignAsync(design.Id, cancellationToken) is not null)
            throw new FarmConflictException($"design {design.Id} exists already");
        var stored = design with { CreatedAt = changes.Now };
        await transaction.InsertDesignAsync(stored, cancellationToken);
        changes.Audit("design.added", $"design:{design.Id}",
            $"{design.Name}, {design.Licence}, {design.Approval}{(design.Owner is null ? "" : ", owner " + design.Owner)}");
        return stored;
    }

    private (FirmwareProfile Profile, GcodeAnalysis Analysis, string Sha256) CheckFile(string designId, VariantSpec spec, string gcodePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Contains('/', StringComparison.Ordinal) || !TextRules.IsPlain(spec.Name))
            throw new FarmValidationException($"a variant needs a name without '/' or control characters (got \"{TextRules.Printable(spec.Name)}\")");
        FirmwareProfile profile;
        try
        {
            profile = _profiles.Get(spec.Profile);
        }
        catch (ProfileException ex)
        {
            throw new FarmValidationException(ex.Message, ex);
        }
        GcodeAnalysis analysis;
        try
        {
            analysis = GcodeAnalyzer.Analyze(gcodePath, cancellationToken);
        }
        catch (Exception ex) when (ex is GcodeFileException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new FarmValidationException($"variant {designId}/{spec.Name}: {ex.Message}", ex);
        }
        var problems = VariantValidator.Check(analysis, profile, spec);
        if (problems.Count > 0)
            throw new FarmValidationException($"variant {designId}/{spec.Name} refused: {string.Join("; ", problems)}");
        return (profile, analysis, GcodeFileStore.HashFile(gcodePath));
    }

    private static async Task<Variant> InsertVariantAsync(IFarmTransaction transaction, ChangeSet changes, Design design, VariantSpec spec,
        (FirmwareProfile Profile, GcodeAnalysis Analysis, string Sha256) file, DesignAuthor author, CancellationToken cancellationToken)
    {
        if (!author.MayAddTo(design))
        {
            throw new FarmValidationException(design.Approval == ApprovalStatus.Pending
                ? $"design {design.Id} is not yours: a maker adds variants only to a design of their own"
                : $"design {design.Id} is {StoredNames.Of(design.Approval)}: only staff add variants to it");
        }
        var id = $"{design.Id}/{spec.Name}";
        if (await transaction.GetVariantAsync(id, cancellationToken) is not null)
            throw new FarmConflictException($"variant {id} exists already");
        var variant = new Variant
        {
            Id = id,
            DesignId = design.Id,
            Sha256 = file.Sha256,
            Profile = file.Profile.Name,
            Material = spec.Material,
            NozzleMm = spec.NozzleMm,
            MinBedXMm = spec.MinBedXMm,
            MinBedYMm = spec.MinBedYMm,
            PartsPerPlate = spec.PartsPerPlate,
            EstimatedTime = spec.EstimatedTime ?? file.Analysis.EstimatedTime ?? TimeSpan.Zero,
            CreatedAt = changes.Now,
            AddedBy = author.Actor,
        };
        await transaction.InsertVariantAsync(variant, cancellationToken);
        changes.Audit("variant.added", $"variant:{id}", $"sha256 {file.Sha256}, {variant.PartsPerPlate} per plate, by {author.Actor}");
        // Staff adding a file to an approved design approve it by doing so; anything else waits for an approval.
        if (author.IsStaff && design.Approval == ApprovalStatus.Approved)
            variant = await ApproveAsync(transaction, changes, variant, cancellationToken);
        return variant;
    }

    private static async Task<Variant> ApproveAsync(IFarmTransaction transaction, ChangeSet changes, Variant variant, CancellationToken cancellationToken)
    {
        await transaction.ApproveVariantAsync(variant.Id, changes.Actor, changes.Now, cancellationToken);
        changes.Audit("variant.approved", $"variant:{variant.Id}", $"sha256 {variant.Sha256}, added by {variant.AddedBy}, approved by {changes.Actor}");
        return variant with { ApprovedBy = changes.Actor, ApprovedAt = changes.Now };
    }
}
