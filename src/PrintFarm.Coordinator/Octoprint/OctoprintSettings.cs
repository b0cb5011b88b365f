using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Queries;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// What Cura's OctoPrint plugin reads to test a key and to describe the printer: <c>GET /api/settings</c> (a 200 is the
/// key test; it reads <c>feature.sdSupport</c>, <c>webcam.streamUrl</c>, the <c>plugins</c> keys and
/// <c>gcodeAnalysis.runAt</c>), <c>POST /api/login</c> with <c>passive</c> (the key's name) and
/// <c>GET /api/printerprofiles</c> (one profile per printer class; the current one is the key's printer's, or the
/// farm's most common class).
/// </summary>
internal static class OctoprintSettings
{
    public static IResult Settings(ServeOptions options) => Results.Ok(new
    {
        api = new { allowCrossOrigin = false },
        appearance = new { name = "PrintFarm" },
        feature = new { sdSupport = false, gcodeViewer = false, temperatureGraph = false },
        // No camera, no plugins, and no analysis to wait for: the farm analyses a file before it answers the upload.
        webcam = new { webcamEnabled = false, streamUrl = "", snapshotUrl = "" },
        gcodeAnalysis = new { runAt = "never" },
        plugins = new Dictionary<string, object>(),
        server = new { baseUrl = options.PublicBase.ToString() },
    });

    public static IResult Login(HttpContext http)
    {
        var caller = Caller.From(http);
        return Results.Ok(new { name = caller.Name, active = true, admin = caller.Role == PrintFarm.Farm.Access.ApiRole.Admin, groups = new[] { WireNames.Of(caller.Role) }, apikey = (string?)null });
    }

    public static async Task<IResult> ProfilesAsync(HttpContext http, PrinterDirectory printers, ServeOptions options, CancellationToken ct)
    {
        var named = await OctoprintStatus.NamedAsync(http, printers, ct).ConfigureAwait(false);
        var classes = PrinterClass.Of(named is not null ? [named] : await OctoprintStatus.VisibleAsync(http, printers, ct).ConfigureAwait(false));
        var current = classes.Count > 0 ? classes[0].Id : null;
        var profiles = classes.ToDictionary(c => c.Id, c => (object)new
        {
            id = c.Id,
            name = c.Name,
            model = named?.Name ?? $"{c.Count} {(c.Count == 1 ? "printer" : "printers")} ({c.Capabilities.Profile})",
            color = "default",
            @default = c.Id == current,
            current = c.Id == current,
            resource = OctoprintFiles.Link(options, $"api/printerprofiles/{c.Id}"),
            // The farm knows a printer's bed, not its height.
            volume = new { formFactor = "rectangular", origin = "lowerleft", width = c.Capabilities.BedXMm, depth = c.Capabilities.BedYMm, height = (double?)null },
            extruder = new { count = 1, nozzleDiameter = c.Capabilities.NozzleMm, sharedNozzle = false, offsets = new[] { new { x = 0.0, y = 0.0 } } },
            material = c.Capabilities.Material,
            firmware = c.Capabilities.Profile,
            printers = c.Count,
        }, StringComparer.Ordinal);
        return Results.Ok(new { profiles });
    }
}
