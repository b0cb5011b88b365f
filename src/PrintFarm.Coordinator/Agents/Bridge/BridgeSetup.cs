using Microsoft.Extensions.DependencyInjection;

namespace PrintFarm.Coordinator.Agents.Bridge;

/// <summary>Registers the coordinator's MQTT bridge to agents.</summary>
internal static class BridgeSetup
{
    public static IServiceCollection AddMqttBridge(this IServiceCollection services)
    {
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<AgentStateMapper>();
        services.AddSingleton<AgentBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentBridge>());
        return services;
    }
}
