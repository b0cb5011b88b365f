using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// The free printers of one dispatch round, indexed so that each job finds its printer without scanning the farm:
/// grouped by profile, material and nozzle; within a group, printers without a recent failure come first; within
/// those, printers at the work's destination node; then the rest by failure rate. A job targeted at a printer looks
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

    /// <summary>
    /// The best free printer for <paramref name="item"/> and the variant it prints, taken out of the pool; null when none
    /// fits. Tiers first (no recent failure), then the destination node, then any node; within each, the item's variants
    /// in their order.
    /// </summary>
    public (Printer Printer, Variant Variant)? Take(WorkItem item, Func<string, bool> siteHasRoom)
    {
        if (Remaining == 0)
            return null;
        var candidates = item.Variants.Where(v => !_exhausted.Contains(v.Id) && _groups.ContainsKey(GroupKey(v))).ToList();
        if (candidates.Count == 0)
            return null;
        (Slot Slot, Variant Variant)? found = null;
        if (item.TargetPrinterId is { } targetId)
        {
            // The target printer or nothing; having failed on it before does not matter when it is the only choice.
            if (_byId.TryGetValue(targetId, out var target) && !target.Taken && siteHasRoom(target.Printer.Site)
                && candidates.FirstOrDefault(v => v.FitsPrinter(target.Printer.Capabilities)) is { } fits)
                found = (target, fits);
        }
        else
        {
            var avoid = item.FailedPrinters;
            found = Find(candidates, item, siteHasRoom, avoid);
            if (found is null && avoid.Count > 0)
                found = Find(candidates, item, siteHasRoom, []);
            // Nothing frees up within a pass, so no later work of these variants can find a printer either; work limited
            // to one site says nothing about the others.
            if (found is null && avoid.Count == 0 && item.TargetSite is null)
                _exhausted.UnionWith(candidates.Select(v => v.Id));
        }
        if (found is not { } hit)
            return null;
        hit.Slot.Taken = true;
        Remaining--;
        return (hit.Slot.Printer, hit.Variant);
    }

    private (Slot, Variant)? Find(List<Variant> candidates, WorkItem item, Func<string, bool> siteHasRoom, IReadOnlyList<string> avoid)
    {
        for (var tier = 0; tier < 2; tier++)
        {
            if (item.TargetSite is { } site)
            {
                foreach (var variant in candidates)
                {
                    if (_groups[GroupKey(variant)][tier].AtSite(site)?.Find(variant, siteHasRoom, avoid) is { } slot)
                        return (slot, variant);
                }
                continue;
            }
            foreach (var variant in candidates)
            {
                if (_groups[GroupKey(variant)][tier].ByNode.TryGetValue(item.Node, out var local)
                    && local.Find(variant, siteHasRoom, avoid) is { } slot)
                    return (slot, variant);
            }
            foreach (var variant in candidates)
            {
                if (_groups[GroupKey(variant)][tier].All.Find(variant, siteHasRoom, avoid) is { } slot)
                    return (slot, variant);
            }
        }
        return null;
    }

    private static (string, string, long) GroupKey(Variant variant) => GroupKey(variant.Profile, variant.Material, variant.NozzleMm);

    private static (string, string, long) GroupKey(string profile, string material, double nozzleMm) =>
        (profile.ToUpperInvariant(), material.ToUpperInvariant(), (long)Math.Round(nozzleMm * 1000));

    private sealed class Slot(Printer printer)
    {
        public Printer Printer { get; } = printer;

        public bool Taken { get; set; }

        /// <summary>Its site reached its heating limit in this pass.</summary>
        public bool Full { get; set; }

        /// <summary>Nothing more in this pass can use it.</summary>
        public bool Out => Taken || Full;
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

    /// <summary>Slots in rank order; slots at the front that are taken or whose site is full are skipped for good.</summary>
    private sealed class RankedList(List<Slot> slots)
    {
        private int _start;

        public Slot? Find(Variant variant, Func<string, bool> siteHasRoom, IReadOnlyList<string> avoid)
        {
            while (_start < slots.Count && slots[_start].Out)
                _start++;
            for (var i = _start; i < slots.Count; i++)
            {
                var slot = slots[i];
                if (slot.Out)
                    continue;
                // A site only fills up within a pass: once it has no room, its printers are out for the rest of it.
                if (!siteHasRoom(slot.Printer.Site))
                {
                    slot.Full = true;
                    continue;
                }
                if (!variant.FitsPrinter(slot.Printer.Capabilities))
                    continue;
                if (avoid.Count > 0 && avoid.Contains(slot.Printer.Id))
                    continue;
                return slot;
            }
            return null;
        }
    }
}
