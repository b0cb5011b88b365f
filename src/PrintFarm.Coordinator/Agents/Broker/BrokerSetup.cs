using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Health;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>Registers the MQTT side of <c>serve</c>: the embedded broker (unless turned off or replaced by an external one) and what the bridge and /healthz use.</summary>
public static class BrokerSetup
{
    /// <summary>
    /// Registers <see cref="Topics"/>, <see cref="CoordinatorIdentity"/>, <see cref="BrokerStatus"/>,
    /// <see cref="CoordinatorMqttOptions"/> and <see cref="AgentPrinters"/>; and, for the embedded broker,
    /// <see cref="BrokerAccess"/> and <see cref="EmbeddedBroker"/> as a hosted service. Hosted services start in the
    /// order they are registered: register the ones that connect to the broker after this call.
    /// </summary>
    public static IServiceCollection AddMqttBroker(this IServiceCollection services, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mqtt = options.Mqtt;
        var status = !string.IsNullOrWhiteSpace(mqtt.External) ? BrokerStatus.ForExternal(MqttEndpoint.Parse(mqtt.External))
            : mqtt.Enabled ? BrokerStatus.Embedded()
            : BrokerStatus.Disabled();
        services.TryAddSingleton(new Topics(mqtt.Prefix));
        services.TryAddSingleton<CoordinatorIdentity>();
        services.AddSingleton(status);
        services.AddSingleton<IBrokerHealth>(status);
        services.AddSingleton<CoordinatorMqttOptions>();
        services.AddSingleton<AgentPrinters>();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<AgentTrafficTap>();
        if (status.Mode == BrokerMode.Embedded)
        {
            services.AddSingleton<BrokerAccess>();
            services.AddSingleton<EmbeddedBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        return services;
    }
}
