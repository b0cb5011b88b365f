using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Agents;
using PrintFarm.Coordinator.AppKeys;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Demands;
using PrintFarm.Coordinator.Designs;
using PrintFarm.Coordinator.Email;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Health;
using PrintFarm.Coordinator.Invitations;
using PrintFarm.Coordinator.Jobs;
using PrintFarm.Coordinator.Keys;
using PrintFarm.Coordinator.Ledger;
using PrintFarm.Coordinator.Nodes;
using PrintFarm.Coordinator.Onboarding;
using PrintFarm.Coordinator.Octoprint;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Coordinator.Requesters;
using PrintFarm.Coordinator.Webhooks;
namespace PrintFarm.Coordinator.Hosting;

/// <summary>Every HTTP route of the coordinator, mapped in one place.</summary>
internal static class ApiRoutes
{
    public static void Map(WebApplication app)
    {
        var maxUpload = app.Services.GetRequiredService<ServeOptions>().MaxUploadBytes;
        PrinterEndpoints.Map(app);
        PresetEndpoints.Map(app);
        DesignEndpoints.Map(app, maxUpload);
        DemandEndpoints.Map(app);
        LedgerEndpoints.Map(app);
        LedgerExport.Map(app);
        JobEndpoints.Map(app);
        JobExport.Map(app);
        NodeEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        EmailEndpoints.Map(app);
        RequesterEndpoints.Map(app);
        SiteEndpoints.Map(app);
        EventEndpoints.Map(app);
        KeyEndpoints.Map(app);
        AppKeyEndpoints.Map(app);
        InvitationEndpoints.Map(app);
        JoinEndpoints.Map(app);
        OctoprintEndpoints.Map(app, maxUpload);
        HealthEndpoint.Map(app);
        AgentEndpoints.Map(app);
        MeEndpoint.Map(app);
        AgentConfigEndpoint.Map(app);
    }
}
