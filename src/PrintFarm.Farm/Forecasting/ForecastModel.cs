using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;

namespace PrintFarm.Farm.Forecasting;

/// <summary>
/// The projection behind each demand's ETA, as a pure function: it lays the owed work, most urgent first (the
/// dispatcher's own order, <see cref="Urgency"/>), plate by plate on the online printers, each plate on the variant and
/// kind of printer that would finish it first, and a printer is free again when its plate is done. Beds are taken to be
/// cleared as soon as a print ends, so the ETA is the earliest the farm can do it.
/// </summary>
public static class ForecastModel
{
    /// <summary>For each work line, when its last plate would finish; absent when no online printer fits any variant.</summary>
    public static IReadOnlyDictionary<Demand.LedgerKey, DateTimeOffset> Project(
        IReadOnlyList<WorkLine> work, IReadOnlyList<Variant> variants, IReadOnlyList<ForecastPrinter> printers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(printers);
        // One queue of free times per kind of printer: plates of a kind go to its earliest free printer.
        var kinds = printers.GroupBy(p => p.Capabilities).Select(g =>
        {
            var queue = new PriorityQueue<int, DateTimeOffset>();
            foreach (var p in g)
                queue.Enqueue(0, p.FreeAt < now ? now : p.FreeAt);
            return (Capabilities: g.Key, Free: queue);
        }).ToList();
        var byDesign = variants.GroupBy(v => v.DesignId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(v => (Variant: v, Kinds: kinds.Where(k => v.FitsPrinter(k.Capabilities)).Select(k => k.Free).ToList()))
                .Where(x => x.Kinds.Count > 0).ToList(),
            StringComparer.Ordinal);
        var ordered = work
            .Select((line, i) => (Line: line, Fit: byDesign.GetValueOrDefault(line.Key.DesignId) ?? [], Index: i))
            .Where(x => x.Fit.Count > 0)
            .OrderBy(x => Urgency.Of(x.Line.Priority, x.Line.NeededBy, x.Fit.Min(f => f.Variant.EstimatedTime), now, 0, x.Line.Since, x.Index))
            .ToList();
        var etas = new Dictionary<Demand.LedgerKey, DateTimeOffset>();
        foreach (var (line, fit, _) in ordered)
        {
            var last = now;
            for (var left = line.Parts; left > 0;)
            {
                (PriorityQueue<int, DateTimeOffset> Queue, DateTimeOffset Finish, int Parts)? best = null;
                foreach (var (variant, queues) in fit)
                {
                    foreach (var queue in queues)
                    {
                        queue.TryPeek(out _, out var freeAt);
                        var finish = freeAt + variant.EstimatedTime;
                        if (best is null || finish < best.Value.Finish)
                            best = (queue, finish, variant.PartsPerPlate);
                    }
                }
                var (chosen, done, parts) = best!.Value;
                chosen.DequeueEnqueue(0, done);
                left -= parts;
                last = done > last ? done : last;
            }
            etas[line.Key] = last;
        }
        return etas;
    }

    /// <summary>When a printer in <paramref name="state"/> is next free, given the end of the plate it holds, if any.</summary>
    public static DateTimeOffset? FreeAt(PrinterState state, DateTimeOffset now, DateTimeOffset? plateEnds) => state switch
    {
        PrinterState.Ready or PrinterState.NeedsBedClear or PrinterState.Printing or PrinterState.Paused =>
            plateEnds is { } end && end > now ? end : now,
        _ => null,
    };
}
