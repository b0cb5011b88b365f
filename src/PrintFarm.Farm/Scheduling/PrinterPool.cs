using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// The free printers of one dispatch round, indexed so that each job finds its printer without scanning the farm:
/// grouped by profile, material and nozzle; within a group, printers without a recent failure come first; within
/// those, printers at the job's destination node; then the rest by failure rate.
/// </summary>
internal sealed class PrinterPool
{
    private readonly Dictionary<(string Profile, string Material, long NozzleMicrons), Tier[]> _groups = [];
    private readonly HashSet<string> _exhausted = new(StringComparer.Ordinal);

    public PrinterPool(IEnumerable<Printer> printers, DateTimeOffset now, TimeSpan recentFailureWindow)
    {
        var ranked = printers
            .Select(p => new Slot(p))
            .OrderBy(s => s.Printer.TrackRecord.JobsFailed / (double)(s.Printer.TrackRecord.JobsDone + s.Printer.TrackRecord.JobsFailed + 1))
            .ThenBy(s => s.Printer.Id, StringComparer.Ordinal);
        foreach (var group in ranked.GroupBy(s => GroupKey(s.Printer.Capabilities.Profile, s.Printer.Capabilities.Material, s.Printer.Capabilities.NozzleMm)))
        {
            bool RecentFailure(Slot s) => s.Printer.TrackRecord.LastFailureAt is { } at && now - at < recentFailureWindow;
            _groups[group.Key] = [new Tier(group.Where(s => !RecentFailure(s))), new Tier(group.Where(RecentFailure))];
            Remaining += group.Count();
        }
    }

    public int Remaining { get; private set; }

    /// <summary>The best free printer for the job, taken out of the pool; null when none fits.</summary>
    public Printer? Take(Job job, Variant variant, Func<string, bool> siteHasRoom)
    {
        if (Remaining == 0 || _exhausted.Contains(variant.Id))
            return null;
        if (!_groups.TryGetValue(GroupKey(variant.Profile, variant.Material, variant.NozzleMm), out var tiers))
        {
            _exhausted.Add(variant.Id);
            return null;
        }
        var avoid = job.FailedPrinters;
        var slot = Find(tiers, job.Node, variant, siteHasRoom, avoid);
        if (slot is null && avoid.Count > 0)
            slot = Find(tiers, job.Node, variant, siteHasRoom, []);
        if (slot is null)
        {
            // Nothing frees up within a round, so no later job of this variant can find a printer either.
            if (avoid.Count == 0)
                _exhausted.Add(variant.Id);
            return null;
        }
        slot.Taken = true;
        Remaining--;
        return slot.Printer;
    }

    private static Slot? Find(Tier[] tiers, string node, Variant variant, Func<string, bool> siteHasRoom, IReadOnlyList<string> avoid)
    {
        foreach (var tier in tiers)
        {
            var found = (tier.ByNode.TryGetValue(node, out var local) ? local.Find(variant, siteHasRoom, avoid) : null)
                ?? tier.All.Find(variant, siteHasRoom, avoid);
            if (found is not null)
                return found;
        }
        return null;
    }

    private static (string, string, long) GroupKey(string profile, string material, double nozzleMm) =>
        (profile.ToUpperInvariant(), material.ToUpperInvariant(), (long)Math.Round(nozzleMm * 1000));

    private sealed class Slot(Printer printer)
    {
        public Printer Printer { get; } = printer;

        public bool Taken { get; set; }
    }

    private sealed class Tier
    {
        public Tier(IEnumerable<Slot> slots)
        {
            var list = slots.ToList();
            All = new RankedList(list);
            ByNode = list.GroupBy(s => s.Printer.Node, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new RankedList(g.ToList()), StringComparer.Ordinal);
        }

        public RankedList All { get; }

        public Dictionary<string, RankedList> ByNode { get; }
    }

    /// <summary>Slots in rank order; taken slots at the front are skipped for good.</summary>
    private sealed class RankedList(List<Slot> slots)
    {
        private int _start;

        public Slot? Find(Variant variant, Func<string, bool> siteHasRoom, IReadOnlyList<string> avoid)
        {
            while (_start < slots.Count && slots[_start].Taken)
                _start++;
            for (var i = _start; i < slots.Count; i++)
            {
                var slot = slots[i];
                if (slot.Taken || !variant.FitsPrinter(slot.Printer.Capabilities) || !siteHasRoom(slot.Printer.Site))
                    continue;
                if (avoid.Count > 0 && avoid.Contains(slot.Printer.Id))
                    continue;
                return slot;
            }
            return null;
        }
    }
}
