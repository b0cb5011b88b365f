using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;

namespace PrintFarm.Coordinator.Printers;

/// <summary><c>GET /api/printer-presets</c>: the model presets a maker's short form offers.</summary>
internal static class PresetEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/printer-presets", () => Results.Ok(new ListResult<PrinterPreset>(PrinterPresets.Builtin.All, PrinterPresets.Builtin.All.Count)))
            .WithTags("Printers").WithSummary("Model presets (MK3S, MK4, MINI, Ender-3, Ender-3 V2, Voron 2.4): bed, nozzle, firmware profile, default material");
}
