using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Coordinator.Uploads;
using PrintFarm.Farm;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// The OctoPrint-compatible subset that PrusaSlicer, OrcaSlicer and Cura use for "send to OctoPrint", and that
/// OctoPrint dashboards read. Shapes follow <c>design/PROTOCOL.md</c>; the version reported is OctoPrint's,
/// since slicers parse it.
/// </summary>
internal static class OctoprintEndpoints
{
    public const string CompatibleVersion = "1.11.2";

    public static void Map(IEndpointRouteBuilder app, long maxUploadBytes)
    {
        var group = app.MapGroup("/api").WithTags("OctoPrint-compatible");
        group.MapGet("/version", () => Results.Ok(new VersionReply("0.1", CompatibleVersion, $"OctoPrint {CompatibleVersion}"))).AllowAnonymous()
            .WithSummary("OctoPrint's version reply, for slicers");
        group.MapPost("/files/local", UploadAsync).RequireAuthorization(AuthSetup.Write).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes + UploadReceiver.MultipartAllowanceBytes))
            .WithSummary("Slicer upload (multipart: file, path, print, select); print=true queues it");
        group.MapGet("/job", JobAsync).WithSummary("OctoPrint's job reply for one printer (?printer=ID or a per-printer key)");
        group.MapGet("/printer", PrinterAsync).WithSummary("OctoPrint's printer reply for one printer (?printer=ID or a per-printer key)");
    }

    private static async Task<IResult> UploadAsync(HttpContext http, UploadReceiver uploads, OctoprintUploads queue, CancellationToken ct)
    {
        using var upload = await uploads.ReceiveAsync(http.Request, ct).ConfigureAwait(false);
        var print = Flag(upload, "print");
        var path = (upload.Field("path") ?? "").Trim('/');
        if (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
            throw new FarmValidationException($"path \"{path}\" is not allowed");
        var name = upload.FileName;
        var display = path.Length > 0 ? $"{path}/{name}" : name;
        // From the configured public address, never the request's Host header.
        var resource = $"{http.RequestServices.GetRequiredService<ServeOptions>().PublicBase}/api/files/local/{Uri.EscapeDataString(display)}";
        var result = await queue.AcceptAsync(upload, print, Caller.From(http), Query.Text(http.Request, "printer"), new Uri(resource), ct).ConfigureAwait(false);
        return Results.Created(resource, new UploadReply(new UploadFiles(new UploadFile(name, display, "local", new UploadRefs(resource, resource))), true,
            result.VariantId, result.JobIds));
    }

    private static async Task<IResult> JobAsync(HttpContext http, IFarmReader reader, PrinterDirectory printers, LiveStatusBoard live, CancellationToken ct)
    {
        var printer = await TargetAsync(http, printers, ct).ConfigureAwait(false);
        var snapshot = live.Find(printer.Id);
        var job = printer.CurrentJobId is { } id ? await reader.GetJobAsync(id, ct).ConfigureAwait(false) : null;
        var variant = job is null ? null : await reader.GetVariantAsync(job.VariantId, ct).ConfigureAwait(false);
        var progress = snapshot is not null && job is not null && snapshot.JobId == job.Id ? snapshot.Progress : 0;
        double? elapsed = snapshot is not null && job is not null && snapshot.JobId == job.Id ? snapshot.Elapsed.TotalSeconds : null;
        double? left = elapsed is { } e && progress > 0.01 ? e * (1 - progress) / progress : null;
        return Results.Ok(new JobReply(
            new JobInfo(new FileInfoReply(job?.VariantId, variant is null ? null : "local"), variant?.EstimatedTime.TotalSeconds),
            new ProgressReply(job is null ? null : Math.Round(progress * 100, 2), elapsed, left),
            StateText(printer.State)));
    }

    private static async Task<IResult> PrinterAsync(HttpContext http, PrinterDirectory printers, LiveStatusBoard live, CancellationToken ct)
    {
        var printer = await TargetAsync(http, printers, ct).ConfigureAwait(false);
        var temps = TemperaturesView.From(live.Find(printer.Id)?.Temperatures);
        var state = printer.State;
        return Results.Ok(new PrinterReply(
            new StateReply(StateText(state), new StateFlags(
                Operational: state is not (PrinterState.Offline or PrinterState.Error),
                Printing: state == PrinterState.Printing,
                Paused: state == PrinterState.Paused,
                Error: state == PrinterState.Error,
                Ready: state == PrinterState.Ready,
                ClosedOrError: state is PrinterState.Offline or PrinterState.Error)),
            new TemperatureReply(
                temps?.Tool0 is { } t ? new ToolTemperature(t.Actual, t.Target, 0) : null,
                temps?.Bed is { } b ? new ToolTemperature(b.Actual, b.Target, 0) : null)));
    }

    /// <summary>OctoPrint's state words.</summary>
    public static string StateText(PrinterState state) => state switch
    {
        PrinterState.Printing => "Printing",
        PrinterState.Paused => "Paused",
        PrinterState.Error => "Error",
        PrinterState.Offline => "Offline",
        _ => "Operational",
    };

    /// <summary>The printer a per-printer key is bound to, else <c>?printer=ID</c>, else a maker's only printer.</summary>
    private static async Task<Printer> TargetAsync(HttpContext http, PrinterDirectory printers, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var id = caller.PrinterId ?? Query.Text(http.Request, "printer");
        if (id is null && caller.Role == ApiRole.Maker)
        {
            var own = await printers.ListAsync(new PrinterQuery { Owner = caller.Owner, Limit = 2 }, ct).ConfigureAwait(false);
            if (own.Total == 1)
                id = own.Items[0].Id;
        }
        if (id is null)
            throw new FarmValidationException("name the printer: ?printer=ID, or use a per-printer key");
        return await PrinterEndpoints.Visible(id, http, printers, ct).ConfigureAwait(false);
    }

    private static bool Flag(Upload upload, string name) =>
        upload.Field(name) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
