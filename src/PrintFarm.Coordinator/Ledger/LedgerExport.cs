using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Ledger;

/// <summary><c>GET /api/ledger.csv</c>: every line of the demand-and-supply ledger (design, requester, node) with its counts.</summary>
internal static class LedgerExport
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/ledger.csv", ExportAsync).WithTags("Ledger")
            .WithSummary("The ledger as CSV: one row per design, requester and node, filtered by requester, node or designId");

    private static async Task<IResult> ExportAsync(HttpContext http, IFarmReader reader, CancellationToken ct)
    {
        var rows = await reader.ListLedgerAsync(LedgerEndpoints.Filters(http.Request), ct).ConfigureAwait(false);
        var names = await LedgerEndpoints.DesignNamesAsync(reader, ct).ConfigureAwait(false);
        var nodes = (await reader.ListNodesAsync(ct).ConfigureAwait(false)).ToDictionary(n => n.Id, n => n.Name, StringComparer.Ordinal);
        var lines = rows
            .OrderBy(r => r.Key.DesignId, StringComparer.Ordinal).ThenBy(r => r.Key.Requester, StringComparer.Ordinal).ThenBy(r => r.Key.Node, StringComparer.Ordinal)
            .Select(r => new LedgerLine(r.Key.DesignId, names.GetValueOrDefault(r.Key.DesignId, r.Key.DesignId), r.Key.IsStock ? "stock" : r.Key.Requester,
                r.Key.Node, nodes.GetValueOrDefault(r.Key.Node, r.Key.Node), r.Counts.Requested, r.Counts.Planned, r.Counts.Printing, r.Counts.Printed,
                r.Counts.Collected, r.Counts.Passed, r.Counts.Rejected, r.Counts.Delivered, Math.Max(0, r.Counts.Uncovered)));
        return CsvFile.Of(lines, "printfarm-ledger.csv");
    }
}

/// <summary>One ledger line in the export.</summary>
public sealed record LedgerLine(string DesignId, string Design, string Requester, string Node, string NodeName, long Requested, long Planned,
    long Printing, long Printed, long Collected, long Passed, long Rejected, long Delivered, long StillUncovered);
