using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// For the planner: how many online printers can print each variant, and how many plates wait for them (queued
/// before this pass plus planned in it). The next plate goes to the variant with the fewest waiting plates per
/// printer, so the work spreads over every kind of printer a design has a variant for.
/// </summary>
internal sealed class VariantLoad
{
    private readonly IReadOnlyList<(PrinterCapabilities Capabilities, int Count)> _printers;
    private readonly Dictionary<string, int> _reach = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waiting;

    public VariantLoad(IReadOnlyList<(PrinterCapabilities Capabilities, int Count)> printers, IReadOnlyDictionary<string, int> queued)
    {
        _printers = printers;
        _waiting = new Dictionary<string, int>(queued, StringComparer.Ordinal);
    }

    /// <summary>Online printers that can print <paramref name="variant"/>.</summary>
    public int Reach(Variant variant)
    {
        if (!_reach.TryGetValue(variant.Id, out var count))
        {
            count = _printers.Where(p => variant.FitsPrinter(p.Capabilities)).Sum(p => p.Count);
            _reach[variant.Id] = count;
        }
        return count;
    }

    /// <summary>
    /// The candidate whose printers would have the fewest plates each after one more; on a tie, more parts per
    /// plate, then the id. Counts the plate against it.
    /// </summary>
    public Variant TakeLeastLoaded(IReadOnlyList<Variant> candidates)
    {
        Variant? best = null;
        var bestLoad = double.MaxValue;
        foreach (var variant in candidates)
        {
            var load = (_waiting.GetValueOrDefault(variant.Id) + 1) / (double)Reach(variant);
            if (best is null || load < bestLoad
                || (load == bestLoad && (variant.PartsPerPlate > best.PartsPerPlate
                    || (variant.PartsPerPlate == best.PartsPerPlate && string.CompareOrdinal(variant.Id, best.Id) < 0))))
            {
                best = variant;
                bestLoad = load;
            }
        }
        _waiting[best!.Id] = _waiting.GetValueOrDefault(best.Id) + 1;
        return best;
    }
}
