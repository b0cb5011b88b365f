using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Uploads;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>What an upload became: its variant, whether the farm had that file already, and the jobs queued.</summary>
internal sealed record UploadOutcome(Variant Variant, bool Known, IReadOnlyList<long> JobIds);

/// <summary>
/// What a slicer's upload becomes in the farm. A file whose sha256 is a variant's already is that variant (a maker's only
/// if it is approved or theirs). Otherwise it becomes a variant: of the design its <c>path</c> folder or its slicer
/// metadata (the object on the plate) names, if the uploader may add to it; else of an <c>upload-{name}</c> design
/// (approved when staff upload it; a maker's stays pending and prints only on their own printers). A maker never changes
/// a design that is someone else's or no longer pending: the file goes into a design of their own. Its profile, material
/// and nozzle are the target printer's, or, for a farm-wide staff upload, those of the class of printers that fits the
/// file and its slicer's hints (printer model, flavour, nozzle, filament) best, the most numerous first. With
/// <c>print=true</c> one plate is queued: on the named printer, on the maker's printer, or for staff in the farm queue,
/// for whichever printer of that class is free first. Its good parts count as stock.
/// </summary>
internal sealed class OctoprintUploads
{
    private readonly IFarmStore _store;
    private readonly DirectJobs _directJobs;
    private readonly DesignCatalog _catalog;
    private readonly IFarmReader _reader;
    private readonly ProfileCatalog _profiles;
    private readonly Configuration.ServeOptions _options;

    public OctoprintUploads(IFarmStore store, DirectJobs directJobs, DesignCatalog catalog, IFarmReader reader, ProfileCatalog profiles, Configuration.ServeOptions options)
    {
        _options = options;
        _store = store;
        _directJobs = directJobs;
        _catalog = catalog;
        _reader = reader;
        _profiles = profiles;
    }

    /// <summary>The farm's own <c>?printer=</c> on an OctoPrint route.</summary>
    public static string? PrinterField(HttpContext http) => Query.Text(http.Request, "printer");

    public async Task<UploadOutcome> AcceptAsync(Upload upload, bool print, Caller caller, string? printerId, string folder, CancellationToken ct)
    {
        var analysis = GcodeCheck.Analyze(upload.TempPath, upload.FileName, _options.MaxDecompressedBytes, ct);
        var box = analysis.BoundingBox ?? throw new FarmValidationException($"{upload.FileName} extrudes nothing, so it prints no part");
        var sha = GcodeFileStore.HashFile(upload.TempPath);
        var target = await TargetAsync(caller, printerId, ct).ConfigureAwait(false);
        if (await KnownAsync(sha, caller, ct).ConfigureAwait(false) is { } known)
            return new UploadOutcome(known, true, print ? await QueueAsync(known, caller, target, ct).ConfigureAwait(false) : []);

        var hints = SlicerHints.Read(upload.TempPath, ct);
        PrinterCapabilities kind;
        if (target is not null)
            kind = target.Capabilities;
        else
        {
            var printers = await _store.Printers.AllAsync(new PrinterQuery(), ct).ConfigureAwait(false);
            kind = PrinterClass.Of(printers.Where(p => p.Capabilities.BedXMm >= box.MaxX && p.Capabilities.BedYMm >= box.MaxY
                        && hints.NozzleFits(p.Capabilities.NozzleMm) && hints.MaterialFits(p.Capabilities.Material) && Fits(analysis, p.Capabilities.Profile)))
                    .OrderByDescending(c => hints.ProfileScore(c.Capabilities.Profile)).ThenByDescending(c => c.Count)
                    .Select(c => c.Capabilities).FirstOrDefault()
                ?? throw new FarmValidationException($"no printer in the farm can print {upload.FileName}: none has a bed that large, "
                    + $"{(hints.NozzleMm is { } n ? $"a {n} mm nozzle, " : "")}{(hints.Material is { } m ? $"{m} loaded " : "")}and a firmware that accepts it");
        }

        var spec = new VariantSpec
        {
            Name = $"{kind.Profile}-{sha[..12]}",
            Profile = kind.Profile,
            Material = kind.Material,
            NozzleMm = kind.NozzleMm,
            MinBedXMm = Math.Ceiling(box.MaxX),
            MinBedYMm = Math.Ceiling(box.MaxY),
            PartsPerPlate = 1,
        };
        var named = await NamedDesignAsync(folder, hints, ct).ConfigureAwait(false);
        var variantId = await PlaceAsync(upload, Stem(upload.FileName), spec, caller, named, ct).ConfigureAwait(false);
        var variant = await _reader.GetVariantAsync(variantId, ct).ConfigureAwait(false) ?? throw new FarmNotFoundException($"unknown variant {variantId}");
        return new UploadOutcome(variant, false, print ? await QueueAsync(variant, caller, target, ct).ConfigureAwait(false) : []);
    }

    /// <summary>
    /// Queues one plate of the variant: on the key's printer, the named one or a maker's own; for staff without a printer,
    /// in the farm queue for any printer the variant fits, its parts bound for the node most of those printers deliver to.
    /// A maker queues only approved files of approved designs, or files of their own designs.
    /// </summary>
    public async Task<IReadOnlyList<long>> QueueAsync(Variant variant, Caller caller, string? printerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(caller);
        return await QueueAsync(variant, caller, await TargetAsync(caller, printerId, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
    }

    /// <summary>As <see cref="QueueAsync(Variant, Caller, string?, CancellationToken)"/>, with the target printer already resolved.</summary>
    private async Task<IReadOnlyList<long>> QueueAsync(Variant variant, Caller caller, Printer? target, CancellationToken ct)
    {
        var design = await _reader.GetDesignAsync(variant.DesignId, ct).ConfigureAwait(false) ?? throw new FarmNotFoundException($"unknown design {variant.DesignId}");
        if (!MayPrint(design, variant, caller))
            throw new FarmNotFoundException($"no file {OctoprintFiles.PathOf(variant)} in the farm's local storage");
        string? node = null;
        if (target is null)
        {
            var fitting = (await _store.Printers.AllAsync(new PrinterQuery(), ct).ConfigureAwait(false)).Where(p => variant.FitsPrinter(p.Capabilities)).ToList();
            if (fitting.Count == 0)
                throw new FarmValidationException($"no printer in the farm fits {variant.Id} ({variant.Profile}, {variant.Material}, {variant.NozzleMm} mm nozzle)");
            node = fitting.GroupBy(p => p.Node, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        }
        return await _directJobs.QueueAsync(new DirectJobRequest { VariantId = variant.Id, Copies = variant.PartsPerPlate, TargetPrinterId = target?.Id, Node = node },
            caller.Actor, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The variant this very file is already, if the caller may use it: an approved file of an approved design first, then
    /// (for staff) any other, or (for a maker) one of their own designs. A file of a withdrawn design is refused outright.
    /// </summary>
    private async Task<Variant?> KnownAsync(string sha, Caller caller, CancellationToken ct)
    {
        var same = await _reader.ListVariantsBySha256Async(sha, ct).ConfigureAwait(false);
        var usable = new List<(Variant Variant, Design Design)>();
        foreach (var variant in same)
        {
            var design = await _reader.GetDesignAsync(variant.DesignId, ct).ConfigureAwait(false);
            if (design?.Approval == ApprovalStatus.Withdrawn)
                throw new FarmConflictException($"this file is {variant.Id}, whose design the health authority withdrew; it is not taken again");
            if (design is not null && MayPrint(design, variant, caller))
                usable.Add((variant, design));
        }
        return usable.OrderByDescending(x => x.Design.Approval == ApprovalStatus.Approved && x.Variant.IsApproved)
            .ThenBy(x => x.Variant.CreatedAt).Select(x => x.Variant).FirstOrDefault();
    }

    private static bool MayPrint(Design design, Variant variant, Caller caller) =>
        caller.IsStaff || (design.Approval == ApprovalStatus.Approved && variant.IsApproved)
        || (design.Owner is not null && string.Equals(design.Owner, caller.Owner, StringComparison.Ordinal));

    /// <summary>The design the upload's folder names, else the one its object is named after (<c>ear-saver.stl</c>), if the farm has it.</summary>
    private async Task<Design?> NamedDesignAsync(string folder, SlicerHints hints, CancellationToken ct)
    {
        foreach (var name in new[] { folder, hints.ObjectName })
        {
            if (string.IsNullOrWhiteSpace(name))
                continue;
            if (await _reader.GetDesignAsync(name, ct).ConfigureAwait(false) is { } exact)
                return exact;
            if (await _reader.GetDesignAsync(Slug(name), ct).ConfigureAwait(false) is { } bySlug)
                return bySlug;
        }
        return null;
    }

    /// <summary>
    /// Puts the file in a design and returns its variant id. A named design the uploader may add to comes first. Staff then
    /// use <c>upload-{name}</c>. A maker never changes a design that is someone else's, approved or withdrawn: the file goes
    /// into <c>upload-{name}</c> only if that is new or is their own pending design, and otherwise into a design of their own,
    /// <c>upload-{name}-{maker}</c> (and, if that is approved already, one named also by the file's hash), pending approval.
    /// A file already stored as that variant is used as it is, unless it is in another maker's design.
    /// </summary>
    private async Task<string> PlaceAsync(Upload upload, string stem, VariantSpec spec, Caller caller, Design? named, CancellationToken ct)
    {
        var author = caller.IsStaff ? DesignAuthor.Staff(caller.Actor) : DesignAuthor.Maker(caller.Actor, caller.Owner ?? caller.Name);
        var baseId = $"upload-{Slug(stem)}";
        var candidates = new List<string>();
        if (named is not null && named.Approval != ApprovalStatus.Withdrawn && author.MayAddTo(named))
            candidates.Add(named.Id);
        candidates.Add(baseId);
        if (!author.IsStaff)
            candidates.AddRange([$"{baseId}-{Slug(author.Owner!)}", $"{baseId}-{Slug(author.Owner!)}-{spec.Name[^12..^4]}"]);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            foreach (var designId in candidates)
            {
                var variantId = $"{designId}/{spec.Name}";
                var design = await _reader.GetDesignAsync(designId, ct).ConfigureAwait(false);
                try
                {
                    if (design is null)
                    {
                        await _catalog.AddDesignWithVariantAsync(new Design
                        {
                            Id = designId,
                            Name = stem,
                            Licence = "as uploaded",
                            SourceUrl = OctoprintFiles.Resource(_options, designId),
                            Category = "upload",
                            Approval = author.IsStaff ? ApprovalStatus.Approved : ApprovalStatus.Pending,
                            Owner = author.Owner,
                        }, spec, upload.TempPath, author, ct).ConfigureAwait(false);
                        return variantId;
                    }
                    // The same file stored there already is used as it is, if it is the uploader's to use.
                    if (await _reader.GetVariantAsync(variantId, ct).ConfigureAwait(false) is not null)
                    {
                        if (author.IsStaff || string.Equals(design.Owner, author.Owner, StringComparison.Ordinal))
                            return variantId;
                        continue;
                    }
                    if (!author.MayAddTo(design))
                        continue;
                    await _catalog.AddVariantAsync(designId, spec, upload.TempPath, author, ct).ConfigureAwait(false);
                    return variantId;
                }
                catch (FarmConflictException)
                {
                    // Another upload of the same name made it first: look again.
                    break;
                }
            }
        }
        throw new FarmValidationException($"{upload.FileName} cannot be stored: every design it could go into is approved or someone else's; ask staff");
    }

    private async Task<Printer?> TargetAsync(Caller caller, string? printerId, CancellationToken ct)
    {
        var id = caller.PrinterId ?? printerId;
        if (id is not null)
        {
            var printer = await _reader.GetPrinterAsync(id, ct).ConfigureAwait(false);
            return printer is not null && caller.CanSee(printer) ? printer : throw new FarmNotFoundException($"unknown printer {id}");
        }
        if (caller.Role != ApiRole.Maker)
            return null;
        var own = await _reader.ListPrintersAsync(new PrinterQuery { Owner = caller.Owner, Limit = 1 }, ct).ConfigureAwait(false);
        return own.Items.Count > 0 ? own.Items[0]
            : throw new FarmValidationException($"maker {caller.Owner} has no registered printer to print on");
    }

    private bool Fits(PrintFarm.Printing.Gcode.GcodeAnalysis analysis, string profile)
    {
        try
        {
            return JobFileValidator.Check(analysis, _profiles.Get(profile)).Count == 0;
        }
        catch (ProfileException)
        {
            return false;
        }
    }

    private static string Stem(string fileName)
    {
        var name = fileName;
        foreach (var ext in new[] { ".gz", ".gcode", ".gco", ".g" })
        {
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                name = name[..^ext.Length];
        }
        return name.Length > 0 ? name : "file";
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-')
                sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > 60)
            slug = slug[..60].Trim('-');
        return slug.Length > 0 ? slug : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
    }
}
