using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Farm.Designs;

/// <summary>Adds designs and their variants, and records the health authority's approval.</summary>
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
        ArgumentNullException.ThrowIfNull(design);
        if (string.IsNullOrWhiteSpace(design.Id) || design.Id.Contains('/', StringComparison.Ordinal))
            throw new FarmValidationException($"a design needs an id without '/' (got \"{design.Id}\")");
        if (string.IsNullOrWhiteSpace(design.Name) || string.IsNullOrWhiteSpace(design.Licence))
            throw new FarmValidationException($"design {design.Id} needs a name and a licence");
        if (!Uri.TryCreate(design.SourceUrl, UriKind.Absolute, out _))
            throw new FarmValidationException($"design {design.Id} needs an absolute source URL (got \"{design.SourceUrl}\")");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (await transaction.GetDesignAsync(design.Id, cancellationToken) is not null)
            throw new FarmValidationException($"design {design.Id} exists already");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var stored = design with { CreatedAt = changes.Now };
        await transaction.InsertDesignAsync(stored, cancellationToken);
        changes.Audit("design.added", $"design:{design.Id}", $"{design.Name}, {design.Licence}, {design.Approval}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<Design> SetApprovalAsync(string designId, ApprovalStatus approval, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var design = await transaction.GetDesignAsync(designId, cancellationToken) ?? throw new FarmValidationException($"unknown design {designId}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var after = design with { Approval = approval };
        await transaction.UpdateDesignAsync(after, cancellationToken);
        changes.Audit("design.approval", $"design:{designId}", $"{design.Approval} -> {approval}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>
    /// Analyses the G-code, checks it against the profile and the stated bed, stores the file once by sha256
    /// and records the variant. A file that does not fit is refused and nothing is stored.
    /// </summary>
    public async Task<Variant> AddVariantAsync(string designId, VariantSpec spec, string gcodePath, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Contains('/', StringComparison.Ordinal))
            throw new FarmValidationException($"a variant needs a name without '/' (got \"{spec.Name}\")");
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
        catch (Exception ex) when (ex is GcodeFileException or IOException or UnauthorizedAccessException)
        {
            throw new FarmValidationException($"variant {designId}/{spec.Name}: {ex.Message}", ex);
        }
        var problems = VariantValidator.Check(analysis, profile, spec);
        if (problems.Count > 0)
            throw new FarmValidationException($"variant {designId}/{spec.Name} refused: {string.Join("; ", problems)}");

        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (await transaction.GetDesignAsync(designId, cancellationToken) is null)
            throw new FarmValidationException($"unknown design {designId}");
        var id = $"{designId}/{spec.Name}";
        if (await transaction.GetVariantAsync(id, cancellationToken) is not null)
            throw new FarmValidationException($"variant {id} exists already");
        var sha256 = GcodeFileStore.HashFile(gcodePath);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var variant = new Variant
        {
            Id = id,
            DesignId = designId,
            Sha256 = sha256,
            Profile = profile.Name,
            Material = spec.Material,
            NozzleMm = spec.NozzleMm,
            MinBedXMm = spec.MinBedXMm,
            MinBedYMm = spec.MinBedYMm,
            PartsPerPlate = spec.PartsPerPlate,
            EstimatedTime = spec.EstimatedTime ?? analysis.EstimatedTime ?? TimeSpan.Zero,
            CreatedAt = changes.Now,
        };
        await transaction.InsertVariantAsync(variant, cancellationToken);
        changes.Audit("variant.added", $"variant:{id}", $"sha256 {sha256}, {variant.PartsPerPlate} per plate");
        await changes.WriteAsync(transaction, cancellationToken);
        // The file goes in before the commit: a crash in between leaves an unreferenced file, never a variant without one.
        _files.Put(gcodePath, sha256);
        await transaction.CommitAsync(cancellationToken);
        return variant;
    }
}
