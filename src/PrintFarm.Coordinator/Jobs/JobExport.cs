using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Farm;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Queries;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Jobs;

/// <summary>
/// <c>GET /api/jobs.csv</c>: the job history as a spreadsheet, with the list's filters and <c>since</c> (jobs changed on
/// or after that time). A maker gets their own printers' jobs, as in the list.
/// </summary>
internal static class JobExport
{
    /// <summary>At most this many rows in one file; a bigger history is exported in parts with <c>since</c>.</summary>
    public const int MaxRows = 100_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/jobs.csv", ExportAsync).WithTags("Jobs")
            .WithSummary("Jobs as CSV, filtered like /api/jobs and by since (ISO 8601); newest first, at most 100,000 rows");

    private static async Task<IResult> ExportAsync(HttpContext http, IFarmReader reader, CancellationToken ct)
    {
        var since = Query.Time(http.Request, "since");
        var query = JobEndpoints.Filters(http) with { Limit = Paging.MaxLimit };
        var rows = new List<JobRow>();
        for (long offset = 0; rows.Count < MaxRows; offset += Paging.MaxLimit)
        {
            var page = await reader.ListJobsAsync(query with { Offset = offset }, ct).ConfigureAwait(false);
            rows.AddRange(page.Items.Where(j => since is null || j.UpdatedAt >= since).Select(JobRow.From));
            // Newest first: once a whole page is older than since, the rest is too.
            if (page.Items.Count < Paging.MaxLimit || (since is not null && page.Items.All(j => j.UpdatedAt < since)))
                break;
        }
        return CsvFile.Of(rows.Take(MaxRows), "printfarm-jobs.csv");
    }
}

/// <summary>One job in the export; times in UTC.</summary>
public sealed record JobRow(long Id, string State, string DesignId, string VariantId, string? PrinterId, string Requester, string Node, int Parts,
    int? GoodParts, int Priority, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? NeededBy)
{
    public static JobRow From(Job j)
    {
        ArgumentNullException.ThrowIfNull(j);
        return new JobRow(j.Id, WireNames.Of(j.State), j.DesignId, j.VariantId, j.PrinterId, j.Key.IsStock ? "stock" : j.Requester, j.Node, j.Parts, j.GoodParts,
            j.Priority, j.Attempts, j.CreatedAt.ToUniversalTime(), j.StartedAt?.ToUniversalTime(), j.UpdatedAt.ToUniversalTime(), j.NeededBy?.ToUniversalTime());
    }
}
