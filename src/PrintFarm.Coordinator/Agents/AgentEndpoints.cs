using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Agents;

/// <summary>
/// <c>GET /api/agent/jobs/{id}/gcode</c>: an agent downloads the G-code of a job sent to one of its printers, with
/// its agent key. Any other job is 404 to it; the agent checks size and sha256 before it prints.
/// </summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/agent/jobs/{id:long}/gcode", DownloadAsync).RequireAuthorization(AuthSetup.AgentOnly).WithTags("Agents")
            .WithSummary("The G-code of a job sent to one of the calling agent's printers");
        app.MapPut("/api/agents/{id}/owner", TransferAsync).RequireAuthorization(AuthSetup.Admin).WithTags("Agents")
            .WithSummary("Give an agent id to another owner (admin); nothing else frees an agent id");
    }

    private static async Task<IResult> TransferAsync(string id, AgentTransfer body, HttpContext http, AgentOwners owners, CancellationToken ct)
    {
        await owners.TransferAsync(id, body.Owner ?? "", Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(new AgentTransfer { Owner = body.Owner });
    }

    private static async Task<IResult> DownloadAsync(long id, HttpContext http, IFarmReader reader, GcodeFileStore files, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var job = await reader.GetJobAsync(id, ct).ConfigureAwait(false);
        var printer = job?.PrinterId is { } printerId ? await reader.GetPrinterAsync(printerId, ct).ConfigureAwait(false) : null;
        if (job is null || printer is not { LinkKind: LinkKind.Agent } || printer.LinkAddress != caller.Owner
            || job.State is not (JobState.Assigned or JobState.Printing or JobState.Paused))
            throw new FarmNotFoundException($"unknown job {id}");
        var variant = await reader.GetVariantAsync(job.VariantId, ct).ConfigureAwait(false);
        var path = variant is null ? null : files.Find(variant.Sha256);
        if (path is null)
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone", detail: $"the G-code of job {id} is no longer stored");
        return Results.File(path, "application/octet-stream", $"job-{id}{(path.EndsWith(".gz", StringComparison.Ordinal) ? ".gcode.gz" : ".gcode")}",
            enableRangeProcessing: true);
    }
}

/// <summary>The body of <c>PUT /api/agents/{id}/owner</c>.</summary>
public sealed record AgentTransfer
{
    public string? Owner { get; init; }
}
