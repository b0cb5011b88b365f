using Microsoft.Extensions.DependencyInjection;

namespace PrintFarm.Coordinator.Email;

/// <summary>Registers e-mail notifications: the outbox writer on the notification events, and the sender.</summary>
internal static class EmailSetup
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddSingleton<EmailSender>();
        services.AddHostedService<EmailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailSender>());
        return services;
    }
}
