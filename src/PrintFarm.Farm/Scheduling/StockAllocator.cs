using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// For the planner: the finished parts on the stock lines, by design. A demand line with uncovered demand takes them
/// before any plate is planned: first from stock at its own node, then from the other nodes; in each, passed parts
/// first, then collected, then printed. Each transfer is a pair of <see cref="MovementKind.Allocate"/> records, so the
/// parts keep their stage and <see cref="LedgerCheck"/> recomputes both lines.
/// </summary>
internal sealed class StockAllocator
{
    private static readonly LedgerStage[] Stages = [LedgerStage.Passed, LedgerStage.Collected, LedgerStage.Printed];

    private readonly Dictionary<string, List<StockLine>> _byDesign;

    public StockAllocator(IReadOnlyDictionary<LedgerKey, LedgerCounts> ledger)
    {
        _byDesign = ledger
            .Where(row => row.Key.IsStock && Stages.Any(stage => row.Value[stage] > 0))
            .GroupBy(row => row.Key.DesignId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(row => new StockLine(row.Key, row.Value)).OrderBy(line => line.Key.Node, StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);
    }

    /// <summary>Moves up to <paramref name="wanted"/> finished parts from stock to <paramref name="line"/>; returns how many.</summary>
    public long Allocate(ChangeSet changes, LedgerKey line, long wanted)
    {
        if (wanted <= 0 || !_byDesign.TryGetValue(line.DesignId, out var stock))
            return 0;
        var moved = 0L;
        foreach (var from in stock.OrderBy(s => s.Key.Node == line.Node ? 0 : 1))
        {
            foreach (var stage in Stages)
            {
                var count = Math.Min(wanted - moved, from.Counts[stage]);
                if (count <= 0)
                    continue;
                Record(changes, from.Key, line, stage, (int)count);
                from.Counts -= LedgerCounts.Of(stage, count);
                moved += count;
            }
            if (moved == wanted)
                break;
        }
        return moved;
    }

    private static void Record(ChangeSet changes, LedgerKey stock, LedgerKey line, LedgerStage stage, int count)
    {
        changes.AddMovement(new PartMovement
        {
            Kind = MovementKind.Allocate, Key = stock, From = stage, Count = count, Actor = changes.Actor, At = changes.Now,
        });
        changes.AddMovement(new PartMovement
        {
            Kind = MovementKind.Allocate, Key = line, To = stage, Count = count, Actor = changes.Actor, At = changes.Now,
        });
        var stageName = stage.ToString().ToLowerInvariant();
        changes.Audit("parts.allocated", $"ledger:{line}", $"{count} {stageName} parts from {stock}");
        changes.Audit("parts.allocated", $"ledger:{stock}", $"{count} {stageName} parts to {line}");
    }

    private sealed class StockLine(LedgerKey key, LedgerCounts counts)
    {
        public LedgerKey Key { get; } = key;

        public LedgerCounts Counts { get; set; } = counts;
    }
}
