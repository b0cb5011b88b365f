using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// The free printers of one dispatch round, indexed so that each job finds its printer without scanning the farm:
/// grouped by profile, material and nozzle; within a group, printers without a recent failure come first; within
/// those, printers at the job's destination node; then the rest by failure rate. A job targeted at a printer looks
/// only at that printer, one targeted at a site only at that site's printers.
/// </summary>
internal sealed class PrinterPool
{
    private readonly Dictionary<(string Profile, string Material, long NozzleMicrons), Tier[]> _groups = [];
    private readonly Dictionary<string, Slot> _byId = new(StringComparer.Ordinal);
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
            foreach (var slot in group)
                _byId[slot.Printer.Id] = slot;
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
        Slot? slot;
        if (job.TargetPrinterId is { } targetId)
        {
            // The target printer or nothing; having failed on it before does not matter when it is the only choice.
            slot = _byId.TryGetValue(targetId, out var target) && !target.Taken && variant.FitsPrinter(target.Printer.Capabilities)
                && siteHasRoom(target.Printer.Site) ? target : null;
        }
        else
        {
            var avoid = job.FailedPrinters;
            slot = Find(tiers, job, variant, siteHasRoom, avoid);
            if (slot is null && avoid.Count > 0)
                slot = Find(tiers, job, variant, siteHasRoom, []);
            // Nothing frees up within a round, so no later job of this variant can find a printer either; a job limited to
            // one site says nothing about the others.
            if (slot is null && avoid.Count == 0 && job.TargetSite is null)
                _exhausted.Add(variant.Id);
        }
        if (slot is null)
            return null;
        slot.Taken = true;
        Remaining--;
        return slot.Printer;
    }

    private static Slot? Find(Tier[] tiers, Job job, Variant variant, Func<string, bool> siteHasRoom, IReadOnlyList<string> avoid)
    {
        foreach (var tier in tiers)
        {
            Slot? found;
            if (job.TargetSite is { } site)
                found = tier.AtSite(site)?.Find(variant, siteHasRoom, avoid);
            else
            {
                found = (tier.ByNode.TryGetValue(job.Node, out var local) ? local.Find(variant, siteHasRoom, avoid) : null)
                    ?? tier.All.Find(variant, siteHasRoom, avoid);
            }
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
        private readonly List<Slot> _slots;
        private Dictionary<string, RankedList>? _bySite;

        public Tier(IEnumerable<Slot> slots)
        {
            _slots = slots.ToList();
            All = new RankedList(_slots);
            ByNode = _slots.GroupBy(s => s.Printer.Node, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new RankedList(g.ToList()), StringComparer.Ordinal);
        }

        public RankedList All { get; }

        public Dictionary<string, RankedList> ByNode { get; }

        /// <summary>The printers of one site, in rank order; indexed on the first site-targeted job, since most rounds have none.</summary>
        public RankedList? AtSite(string site)
        {
            _bySite ??= _slots.GroupBy(s => s.Printer.Site, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new RankedList(g.ToList()), StringComparer.Ordinal);
            return _bySite.GetValueOrDefault(site);
        }
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
