using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// One piece of waiting work in a dispatch pass: the parts a ledger line still owes (cut into plates one printer at a
/// time), or a queued job (a direct staff job, or a print that goes again). <see cref="Variants"/> are the variants it
/// may be printed from, best throughput first: every approved variant of the design for demand work, only the job's own
/// for a direct job, whose variant staff chose.
/// </summary>
internal sealed class WorkItem
{
    private WorkItem(IReadOnlyList<Variant> variants, long sequence)
    {
        Variants = variants;
        Sequence = sequence;
        PrintTime = variants.Min(v => v.EstimatedTime);
    }

    public Job? Job { get; private init; }

    public WorkLine? Line { get; private init; }

    /// <summary>Parts still owed by <see cref="Line"/>; a plate taken from it lowers this.</summary>
    public long PartsLeft { get; set; }

    public IReadOnlyList<Variant> Variants { get; }

    /// <summary>The shortest print among <see cref="Variants"/>: the latest start that meets the needed-by uses it.</summary>
    public TimeSpan PrintTime { get; }

    public long Sequence { get; }

    public string Requester => Job?.Requester ?? Line!.Key.Requester;

    public string Node => Job?.Node ?? Line!.Key.Node;

    public string? TargetPrinterId => Job?.TargetPrinterId;

    public string? TargetSite => Job?.TargetSite;

    public IReadOnlyList<string> FailedPrinters => Job?.FailedPrinters ?? [];

    /// <summary>Whether the dispatcher may print this job from another variant than the one it has.</summary>
    public bool Rebinds => Job is null || CanRebind(Job);

    /// <summary>Demand work that is queued again may be printed from any variant; a direct staff job keeps the one staff chose.</summary>
    public static bool CanRebind(Job job) => job.TargetPrinterId is null && job.TargetSite is null && !job.Key.IsStock;

    public static WorkItem ForLine(WorkLine line, IReadOnlyList<Variant> variants, long sequence) =>
        new(variants, sequence) { Line = line, PartsLeft = line.Parts };

    public static WorkItem ForJob(Job job, IReadOnlyList<Variant> variants, long sequence) =>
        new(variants, sequence) { Job = job };

    public Urgency UrgencyAt(DateTimeOffset now, int requesterLoad) => Job is { } job
        ? Urgency.Of(job.Priority, job.NeededBy, PrintTime, now, requesterLoad, job.CreatedAt, Sequence)
        : Urgency.Of(Line!.Priority, Line.NeededBy, PrintTime, now, requesterLoad, Line.Since, Sequence);

    /// <summary>Best first: the most parts an hour, then more parts a plate, then the id.</summary>
    public static IReadOnlyList<Variant> Rank(IEnumerable<Variant> variants) => variants
        .OrderByDescending(v => v.PartsPerPlate / Math.Max(1.0, v.EstimatedTime.TotalMinutes))
        .ThenByDescending(v => v.PartsPerPlate)
        .ThenBy(v => v.Id, StringComparer.Ordinal)
        .ToList();
}
