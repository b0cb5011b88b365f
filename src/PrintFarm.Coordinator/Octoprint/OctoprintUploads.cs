using System.Security.Cryptography;
using System.Text;
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

/// <summary>
/// What a slicer's upload becomes in the farm. The file is a variant of an <c>upload-{name}</c> design (approved
/// when staff upload it; a maker's stays pending and prints only on their own printers). A maker's upload never changes
/// a design that is someone else's or no longer pending: it goes into a design of the maker's own. Its profile,
/// material and nozzle are the target printer's, or, for a farm-wide staff upload, those of the kind of printer
/// most common among the ones it fits. With <c>print=true</c> one plate is queued: on the named printer, on the
/// maker's printer, or anywhere in the farm for staff. Its good parts count as stock.
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

    public async Task<(string VariantId, IReadOnlyList<long> JobIds)> AcceptAsync(Upload upload, bool print, Caller caller, string? printerId, Uri source, CancellationToken ct)
    {
        var analysis = GcodeCheck.Analyze(upload.TempPath, upload.FileName, _options.MaxDecompressedBytes, ct);
        var box = analysis.BoundingBox ?? throw new FarmValidationException($"{upload.FileName} extrudes nothing, so it prints no part");
        var target = await TargetAsync(caller, printerId, ct).ConfigureAwait(false);
        PrinterCapabilities kind;
        if (target is not null)
            kind = target.Capabilities;
        else
        {
            var printers = await _store.Printers.AllAsync(new PrinterQuery(), ct).ConfigureAwait(false);
            kind = printers
                .Where(p => p.Capabilities.BedXMm >= box.MaxX && p.Capabilities.BedYMm >= box.MaxY && Fits(analysis, p.Capabilities.Profile))
                .GroupBy(p => (p.Capabilities.Profile, p.Capabilities.Material, p.Capabilities.NozzleMm))
                .OrderByDescending(g => g.Count())
                .Select(g => g.First().Capabilities)
                .FirstOrDefault() ?? throw new FarmValidationException($"no printer in the farm can print {upload.FileName}: none has a bed that large and a firmware that accepts it");
        }

        var stem = Stem(upload.FileName);
        var sha = PrintFarm.Farm.Designs.GcodeFileStore.HashFile(upload.TempPath);
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
        var variantId = await PlaceAsync(upload, stem, spec, caller, source, ct).ConfigureAwait(false);
        if (!print)
            return (variantId, []);
        var jobs = await _directJobs.QueueAsync(new DirectJobRequest { VariantId = variantId, Copies = 1, TargetPrinterId = target?.Id },
            caller.Actor, ct).ConfigureAwait(false);
        return (variantId, jobs);
    }

    /// <summary>
    /// Puts the file in a design and returns its variant id. Staff use <c>upload-{name}</c>. A maker never changes a design
    /// that is someone else's, approved or withdrawn: the file goes into <c>upload-{name}</c> only if that is new or is
    /// their own pending design, and otherwise into a design of their own, <c>upload-{name}-{maker}</c> (and, if that is
    /// approved already, one named also by the file's hash), pending approval. A file already stored as that variant is
    /// used as it is.
    /// </summary>
    private async Task<string> PlaceAsync(Upload upload, string stem, VariantSpec spec, Caller caller, Uri source, CancellationToken ct)
    {
        var author = caller.IsStaff ? DesignAuthor.Staff(caller.Actor) : DesignAuthor.Maker(caller.Actor, caller.Owner ?? caller.Name);
        var baseId = $"upload-{Slug(stem)}";
        string[] candidates = author.IsStaff ? [baseId]
            : [baseId, $"{baseId}-{Slug(author.Owner!)}", $"{baseId}-{Slug(author.Owner!)}-{spec.Name[^12..^4]}"];
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
                            SourceUrl = source.ToString(),
                            Category = "upload",
                            Approval = author.IsStaff ? ApprovalStatus.Approved : ApprovalStatus.Pending,
                            Owner = author.Owner,
                        }, spec, upload.TempPath, author, ct).ConfigureAwait(false);
                        return variantId;
                    }
                    if (await _reader.GetVariantAsync(variantId, ct).ConfigureAwait(false) is not null)
                        return variantId;
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
