using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Daemon.Serve.Configuration;
using PrintFarm.Daemon.Serve.Octoprint;

namespace PrintFarm.Daemon.Serve.Api;

/// <summary>Every HTTP route of the coordinator, mapped in one place.</summary>
internal static class ApiRoutes
{
    public static void Map(WebApplication app)
    {
        var maxUpload = app.Services.GetRequiredService<ServeOptions>().MaxUploadBytes;
        PrinterEndpoints.Map(app);
        DesignEndpoints.Map(app, maxUpload);
        DemandEndpoints.Map(app);
        LedgerEndpoints.Map(app);
        JobEndpoints.Map(app);
        NodeEndpoints.Map(app);
        EventEndpoints.Map(app);
        KeyEndpoints.Map(app);
        OctoprintEndpoints.Map(app, maxUpload);
        HealthEndpoint.Map(app);
        AgentEndpoints.Map(app);
    }
}
