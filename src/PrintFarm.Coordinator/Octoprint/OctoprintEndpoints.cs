using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Uploads;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// The OctoPrint-compatible subset that PrusaSlicer, OrcaSlicer and Cura use for "send to OctoPrint", and that
/// OctoPrint dashboards read. Shapes follow <c>design/PROTOCOL.md</c> and OctoPrint's REST documentation; the version
/// reported is OctoPrint's, since slicers parse it. Every route needs a valid key, <c>/api/version</c> too: it is the
/// slicers' connection test.
/// </summary>
internal static class OctoprintEndpoints
{
    public const string CompatibleVersion = "1.11.2";

    public static void Map(IEndpointRouteBuilder app, long maxUploadBytes)
    {
        var group = app.MapGroup("/api").WithTags("OctoPrint-compatible");
        group.MapGet("/version", () => Results.Ok(new VersionReply("0.1", CompatibleVersion, $"OctoPrint {CompatibleVersion}")))
            .WithSummary("OctoPrint's version reply: the slicers' key test, so a wrong key is 401");
        group.MapGet("/settings", OctoprintSettings.Settings).WithSummary("A minimal OctoPrint settings reply: Cura's key test");
        group.MapPost("/login", OctoprintSettings.Login).WithSummary("OctoPrint's passive login: the key's name");
        group.MapGet("/printerprofiles", OctoprintSettings.ProfilesAsync).WithSummary("One OctoPrint printer profile per printer class: bed and nozzle");
        group.MapPost("/files/local", UploadAsync).RequireAuthorization(AuthSetup.Write).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes + UploadReceiver.MultipartAllowanceBytes))
            .WithSummary("Slicer upload (multipart: file, path, print, select); print=true queues it");
        group.MapGet("/files", OctoprintFiles.ListAsync).WithSummary("The farm's files: a folder per design, a file per variant");
        group.MapGet("/files/local", OctoprintFiles.ListAsync).WithSummary("The farm's files: a folder per design, a file per variant");
        group.MapGet("/files/local/{**path}", OctoprintFiles.GetAsync).WithSummary("One design folder or variant file");
        group.MapPost("/files/local/{**path}", OctoprintFiles.CommandAsync).RequireAuthorization(AuthSetup.Write)
            .WithSummary("OctoPrint's select command; with print: true one plate is queued");
        group.MapDelete("/files/local/{**path}", OctoprintFiles.DeleteAsync).RequireAuthorization(AuthSetup.Staff)
            .WithSummary("Remove a variant that no job used (409 when one did)");
        group.MapGet("/job", OctoprintStatus.JobAsync).WithSummary("OctoPrint's job reply: one printer (?printer=ID or a per-printer key) or the farm");
        group.MapGet("/printer", OctoprintStatus.PrinterAsync).WithSummary("OctoPrint's printer reply: one printer (?printer=ID or a per-printer key) or the farm");
        group.MapGet("/connection", OctoprintStatus.ConnectionAsync).WithSummary("OctoPrint's connection reply: one printer or the farm");
    }

    private static async Task<IResult> UploadAsync(HttpContext http, UploadReceiver uploads, OctoprintUploads queue, ServeOptions options, CancellationToken ct)
    {
        using var upload = await uploads.ReceiveAsync(http.Request, ct).ConfigureAwait(false);
        var path = (upload.Field("path") ?? "").Trim('/');
        if (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
            throw new FarmValidationException($"path \"{path}\" is not allowed");
        var outcome = await queue.AcceptAsync(upload, Flag(upload, "print"), Caller.From(http), OctoprintUploads.PrinterField(http), path, ct).ConfigureAwait(false);
        var stored = OctoprintFiles.PathOf(outcome.Variant);
        var resource = OctoprintFiles.Resource(options, stored);
        return Results.Created(resource, new UploadReply(
            new UploadFiles(new UploadFile(Path.GetFileName(stored), upload.FileName, stored, "local", new UploadRefs(resource, resource))),
            true, outcome.Variant.Id, outcome.Variant.DesignId, outcome.Known, outcome.JobIds));
    }

    private static bool Flag(Upload upload, string name) =>
        upload.Field(name) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
