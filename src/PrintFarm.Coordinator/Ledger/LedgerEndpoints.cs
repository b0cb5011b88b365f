using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Farm;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Forecasting;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Ledger;

/// <summary>
/// <c>/api/ledger</c>: the shared demand-and-supply list, one item per design, optionally for one requester or node;
/// with <c>?by=requester</c>, one item per requester and design with its forecast, and stock kept apart.
/// </summary>
internal static class LedgerEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/ledger", ListAsync).WithTags("Ledger")
            .WithSummary("Per design: requested, planned, printing, printed, collected, passed, rejected, delivered; ?by=requester: per requester and design, with ETA");

    private static async Task<IResult> ListAsync(HttpContext http, IFarmReader reader, DemandForecast forecast, CancellationToken ct)
    {
        var by = Query.Text(http.Request, "by");
        if (by is not null && by != "design")
        {
            if (by != "requester")
                throw new FarmValidationException($"by must be design or requester, not \"{by}\"");
            return Results.Ok(RequesterLedger.From(await reader.ListLedgerAsync(new LedgerQuery(), ct).ConfigureAwait(false),
                await forecast.GetAsync(ct).ConfigureAwait(false)));
        }
        var rows = await reader.ListLedgerAsync(Filters(http.Request), ct).ConfigureAwait(false);
        var names = await DesignNamesAsync(reader, ct).ConfigureAwait(false);
        var items = rows.GroupBy(r => r.Key.DesignId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => LedgerItem.From(g.Key, names.GetValueOrDefault(g.Key, g.Key), g))
            .ToList();
        return Results.Ok(new ListResult<LedgerItem>(items, items.Count));
    }

    /// <summary>The <c>requester</c>, <c>node</c> and <c>designId</c> filters of the list and of its CSV export.</summary>
    internal static LedgerQuery Filters(HttpRequest request) => new()
    {
        Requester = Query.Text(request, "requester"),
        Node = Query.Text(request, "node"),
        DesignId = Query.Text(request, "designId"),
    };

    /// <summary>Design names by id, for lines that carry only the id.</summary>
    internal static async Task<Dictionary<string, string>> DesignNamesAsync(IFarmReader reader, CancellationToken ct) =>
        (await reader.ListDesignsAsync(new DesignQuery { Limit = PageRequest.MaxLimit }, ct).ConfigureAwait(false)).Items.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
}

/// <summary>One design's line of the board. <c>stock</c> counts parts nobody has asked for yet.</summary>
public sealed record LedgerItem(string DesignId, string Design, long Requested, long Planned, long Printing, long Printed, long Collected,
    long Passed, long Rejected, long Delivered, long Uncovered, long Stock)
{
    public static LedgerItem From(string designId, string design, IEnumerable<LedgerRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        LedgerCounts sum = default;
        long uncovered = 0, stock = 0;
        foreach (var row in rows)
        {
            sum += row.Counts;
            if (row.Key.IsStock)
                stock += row.Counts.Covered;
            else
            {
                uncovered += Math.Max(0, row.Counts.Uncovered);
                stock += row.Counts.Stock;
            }
        }
        return new LedgerItem(designId, design, sum.Requested, sum.Planned, sum.Printing, sum.Printed, sum.Collected, sum.Passed,
            sum.Rejected, sum.Delivered, uncovered, stock);
    }
}
