using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Configuration;

namespace PrintFarm.Coordinator.Printers;

/// <summary><c>/api/sites</c>: the labs and districts from the config, with the names people know them by.</summary>
internal static class SiteEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/sites", (ServeOptions options) =>
        {
            var sites = options.Sites.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new SiteView(s.Key, string.IsNullOrWhiteSpace(s.Value.Name) ? s.Key : s.Value.Name, s.Value.HeatingLimit ?? options.MaxHeatingPerSite))
                .ToList();
            return Results.Ok(new ListResult<SiteView>(sites, sites.Count));
        }).WithTags("Printers").WithSummary("Sites from the config: id, name and how many printers may heat at once; a printer's site not listed here is named by its id");
}

public sealed record SiteView(string Id, string Name, int HeatingLimit);
