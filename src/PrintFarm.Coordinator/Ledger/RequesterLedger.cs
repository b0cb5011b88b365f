using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Forecasting;

namespace PrintFarm.Coordinator.Ledger;

/// <summary>
/// The requester view of the ledger (<c>GET /api/ledger?by=requester</c>): for each requester and design, what was asked
/// for, what is still needed, every stage, and when the rest is projected to be printed; stock, which nobody asked for
/// yet, kept apart.
/// </summary>
public sealed record RequesterLedger(IReadOnlyList<RequesterLedgerItem> Requesters, IReadOnlyList<StockItem> Stock)
{
    public static RequesterLedger From(IReadOnlyList<LedgerRow> rows, IReadOnlyDictionary<LedgerKey, LineForecast> forecast)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(forecast);
        var requesters = rows.Where(r => !r.Key.IsStock)
            .GroupBy(r => (r.Key.Requester, r.Key.DesignId))
            .OrderBy(g => g.Key.Requester, StringComparer.Ordinal).ThenBy(g => g.Key.DesignId, StringComparer.Ordinal)
            .Select(g => RequesterLedgerItem.From(g.Key.Requester, g.Key.DesignId, g.ToList(), forecast))
            .ToList();
        var stock = rows.Where(r => r.Key.IsStock && r.Counts.Covered > 0)
            .OrderBy(r => r.Key.DesignId, StringComparer.Ordinal).ThenBy(r => r.Key.Node, StringComparer.Ordinal)
            .Select(r => new StockItem(r.Key.DesignId, r.Key.Node, r.Counts.Planned + r.Counts.Printing, r.Counts.Printed, r.Counts.Collected, r.Counts.Passed))
            .ToList();
        return new RequesterLedger(requesters, stock);
    }
}

/// <summary>One requester's line for one design, summed over its destination nodes.</summary>
public sealed record RequesterLedgerItem(string Requester, string DesignId, long Requested, long StillNeeded, long Planned, long Printing,
    long Printed, long Collected, long Passed, long Delivered, long Rejected, DateTimeOffset? Eta, bool WillMissNeededBy)
{
    public static RequesterLedgerItem From(string requester, string designId, IReadOnlyList<LedgerRow> rows, IReadOnlyDictionary<LedgerKey, LineForecast> forecast)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(forecast);
        LedgerCounts sum = default;
        long stillNeeded = 0;
        DateTimeOffset? eta = null;
        var miss = false;
        foreach (var row in rows)
        {
            sum += row.Counts;
            stillNeeded += Math.Max(0, row.Counts.Uncovered);
            if (forecast.TryGetValue(row.Key, out var line))
            {
                eta = line.Eta is { } e && (eta is null || e > eta) ? e : eta;
                miss |= line.WillMiss;
            }
        }
        return new RequesterLedgerItem(requester, designId, sum.Requested, stillNeeded, sum.Planned, sum.Printing, sum.Printed, sum.Collected,
            sum.Passed, sum.Delivered, sum.Rejected, eta, miss);
    }
}

/// <summary>Parts of a design at a node that nobody has asked for yet: plate rounding and direct staff jobs.</summary>
public sealed record StockItem(string DesignId, string Node, long InProgress, long Printed, long Collected, long Passed);
