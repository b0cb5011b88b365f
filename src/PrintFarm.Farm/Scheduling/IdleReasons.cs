using System.Globalization;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Scheduling;

/// <summary>One reason a free printer gets no work: a code for programs and a sentence for the person at the printer.</summary>
public sealed record IdleReason(string Code, string Detail);

/// <summary>
/// Why a ready printer gets no job, as the dispatcher would see it, as a pure function of what the farm owes: the ledger
/// lines that still need parts, the queued jobs, the designs and their variants, and its site's heating. The codes:
/// <c>nothing-owed</c>, <c>no-approved-file</c>, <c>no-fitting-file</c> (with what differs: material, nozzle, profile,
/// bed), <c>for-other-printers</c>, <c>site-heating-limit</c>, and <c>next-round</c> when work fits and waits only
/// for the next scheduling round. A printer that is not ready, or has a job, gets one reason saying so.
/// </summary>
public static class IdleReasons
{
    /// <summary>At most this many owed designs are explained one by one.</summary>
    public const int MaxDesigns = 5;

    public static IReadOnlyList<IdleReason> For(
        Printer printer, IReadOnlyCollection<string> owedDesigns, IReadOnlyList<Job> queued, IReadOnlyList<Design> designs,
        IReadOnlyList<Variant> variants, int heatingAtSite, int heatingLimit)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(owedDesigns);
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(designs);
        ArgumentNullException.ThrowIfNull(variants);
        if (printer.CurrentJobId is { } jobId)
            return [new IdleReason("has-a-job", $"it has job {jobId.ToString(CultureInfo.InvariantCulture)}")];
        if (printer.State != PrinterState.Ready)
            return [new IdleReason("not-ready", $"it is not ready: {NotReady(printer.State)}")];
        if (owedDesigns.Count == 0 && queued.Count == 0)
            return [new IdleReason("nothing-owed", "no demand needs parts and no job is queued: there is nothing to print")];

        var caps = printer.Capabilities;
        var approvedDesigns = designs.Where(d => d.Approval == ApprovalStatus.Approved).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var usable = variants.Where(v => v.IsApproved && approvedDesigns.Contains(v.DesignId)).ToList();
        var fits = owedDesigns.Any(d => usable.Any(v => v.DesignId == d && v.FitsPrinter(caps)))
                   || queued.Any(j => (j.TargetPrinterId is null || j.TargetPrinterId == printer.Id) && (j.TargetSite is null || j.TargetSite == printer.Site) && Fits(j, variants, usable, caps));
        var reasons = new List<IdleReason>();
        if (!fits)
        {
            foreach (var design in owedDesigns.Order(StringComparer.Ordinal).Take(MaxDesigns))
            {
                var candidates = usable.Where(v => v.DesignId == design).ToList();
                if (candidates.Count == 0)
                {
                    reasons.Add(new IdleReason("no-approved-file", $"{design} is needed, but has no approved file yet"));
                    continue;
                }
                var nearest = candidates.Select(v => (Variant: v, Misses: Misses(v, caps))).OrderBy(x => x.Misses.Count).ThenBy(x => x.Variant.Id, StringComparer.Ordinal).First();
                reasons.Add(new IdleReason("no-fitting-file", $"{design} is needed, but its files need {string.Join(", ", nearest.Misses)}"));
            }
            if (queued.Count > 0 && queued.All(j => j.TargetPrinterId is not null && j.TargetPrinterId != printer.Id))
                reasons.Add(new IdleReason("for-other-printers", $"the {queued.Count.ToString(CultureInfo.InvariantCulture)} queued jobs are for other printers"));
            if (reasons.Count == 0)
                reasons.Add(new IdleReason("no-fitting-file", "the queued jobs' files do not fit this printer"));
            return reasons;
        }
        if (heatingAtSite >= heatingLimit)
        {
            reasons.Add(new IdleReason("site-heating-limit",
                $"{heatingAtSite.ToString(CultureInfo.InvariantCulture)} printers at {printer.Site} are heating up, its limit: it starts when one is warm"));
            return reasons;
        }
        reasons.Add(new IdleReason("next-round", "work that fits waits: it is given to this printer or another at the next scheduling round"));
        return reasons;
    }

    private static bool Fits(Job job, IReadOnlyList<Variant> all, IReadOnlyList<Variant> usable, PrinterCapabilities caps) =>
        WorkItem.CanRebind(job)
            ? usable.Any(v => v.DesignId == job.DesignId && v.FitsPrinter(caps))
            : all.Any(v => v.Id == job.VariantId && v.FitsPrinter(caps));

    /// <summary>What a variant needs that the printer lacks, in words: <c>PETG (this printer has PLA)</c>.</summary>
    public static IReadOnlyList<string> Misses(Variant variant, PrinterCapabilities caps)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(caps);
        var misses = new List<string>();
        if (!string.Equals(caps.Material, variant.Material, StringComparison.OrdinalIgnoreCase))
            misses.Add($"{variant.Material} loaded (this printer has {caps.Material})");
        if (Math.Abs(caps.NozzleMm - variant.NozzleMm) >= 0.001)
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"a {variant.NozzleMm} mm nozzle (this printer has {caps.NozzleMm} mm)"));
        if (!string.Equals(caps.Profile, variant.Profile, StringComparison.OrdinalIgnoreCase))
            misses.Add($"the {variant.Profile} firmware profile (this printer is {caps.Profile})");
        if (caps.BedXMm < variant.MinBedXMm || caps.BedYMm < variant.MinBedYMm)
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"a bed of {variant.MinBedXMm} x {variant.MinBedYMm} mm (this printer has {caps.BedXMm} x {caps.BedYMm} mm)"));
        return misses;
    }

    private static string NotReady(PrinterState state) => state switch
    {
        PrinterState.Offline => "its port or agent is not connected",
        PrinterState.NeedsBedClear => "its bed must be cleared and the parts counted first",
        PrinterState.Error => "it reported an error; clear it once the printer is safe",
        PrinterState.Maintenance => "staff put it in maintenance",
        PrinterState.Paused => "its print is paused",
        _ => "it is printing",
    };
}
