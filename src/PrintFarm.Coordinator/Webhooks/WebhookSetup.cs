using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>Registers webhooks: the event source on the change feed, the outbox writer and the deliverer.</summary>
internal static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(new WebhookOptions());
        services.AddSingleton<WebhookEventSource>();
        services.AddSingleton<WebhookDeliverer>();
        services.AddHttpClient(WebhookDeliverer.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliverer>());
        return services;
    }
}
