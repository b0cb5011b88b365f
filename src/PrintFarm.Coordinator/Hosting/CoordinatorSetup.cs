using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Agents.Bridge;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.AppKeys;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Changes;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Email;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Health;
using PrintFarm.Coordinator.Invitations;
using PrintFarm.Coordinator.Live;
using PrintFarm.Coordinator.Metrics;
using PrintFarm.Coordinator.Octoprint;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Coordinator.Scheduling;
using PrintFarm.Coordinator.Uploads;
using PrintFarm.Coordinator.Webhooks;
using PrintFarm.Farm;
using PrintFarm.Wire;
using Scalar.AspNetCore;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// The coordinator as parts of an ASP.NET Core host: <see cref="AddCoordinator"/> registers the farm and every
/// feature's services and background loops, <see cref="MapCoordinator"/> adds the middleware and every route.
/// <see cref="ServeHost"/> uses both; a host of another shape (tests, a bigger site) can too.
/// </summary>
public static class CoordinatorSetup
{
    public static IServiceCollection AddCoordinator(this IServiceCollection services, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var dataDirectory = options.DataDirectory ?? FarmOptions.DefaultDataDirectory();
        options.DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        services.AddSingleton(options);
        services.AddFarm(f =>
        {
            f.DataDirectory = dataDirectory;
            f.PostgresConnectionString = options.Postgres;
            f.MaxHeatingPerSite = options.MaxHeatingPerSite;
            f.HeatUpTime = TimeSpan.FromSeconds(options.HeatUpSeconds);
            foreach (var (site, config) in options.Sites)
            {
                if (config.HeatingLimit is { } limit)
                    f.HeatingLimits[site] = limit;
            }
        });
        services.ConfigureHttpJsonOptions(o => WireNames.Configure(o.SerializerOptions));
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.SerializerOptions);
        services.AddSingleton<EventHub>();
        services.AddSingleton<FarmNotifier>();
        services.AddSingleton<ChangeCounters>();
        services.AddSingleton<FarmChangeFanOut>();
        services.AddSingleton<LiveStatusBoard>();
        services.AddSingleton<PrinterJson>();
        services.AddSingleton<PrinterWaiting>();
        services.AddSingleton<Wakeups>();
        services.AddSingleton<StoreWrites>();
        services.AddSingleton<ConfigSeeder>();
        services.AddSingleton<AdminKey>();
        services.AddSingleton<LocalPrinterFleet>();
        services.AddSingleton<SchedulerService>();
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<OctoprintUploads>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Type = ProblemTypes.For(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode));
        services.AddExceptionHandler<ProblemMapping>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddApiKeyAuthentication(options);
        services.AddAppKeys(options);
        services.AddInvitations(options);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PrintFarm coordinator API";
            document.Info.Description = "Printers, designs, demands, the ledger, jobs and live events of a PrintFarm coordinator. "
                                        + "Send an API key as X-Api-Key or as a Bearer token.";
            return Task.CompletedTask;
        }));

        // Order matters: every committed change goes out from the start; the store is ready and seeded before the
        // links and the scheduler start.
        services.AddHostedService(sp => sp.GetRequiredService<FarmChangeFanOut>());
        // Webhooks hear every committed change, the start's recovery too; their deliverer reads the outbox once the host has started.
        services.AddWebhooks();
        // E-mail hears the same events; the watch adds those that come from time passing (offline too long, a demand at risk).
        services.AddEmail();
        services.AddHostedService<NotificationWatch>();
        services.AddHostedService<FarmStartup>();
        // The broker starts before anything that connects to it.
        services.AddMqttBroker(options);
        services.AddHostedService(sp => sp.GetRequiredService<LocalPrinterFleet>());
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerService>());
        if (options.Postgres is not null)
            services.AddHostedService<PrinterDirectoryRefresh>();
        if (options.Mqtt.Enabled || options.Mqtt.External is not null)
            services.AddMqttBridge();

        return services;
    }

    public static WebApplication MapCoordinator(this WebApplication app, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustedProxies.Count > 0)
        {
            // Behind a configured reverse proxy only: the client's address (for the failed-key limit) and scheme come from it.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in options.TrustedProxies)
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            app.UseForwardedHeaders(forwarded);
        }
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseFailedAuthLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/openapi", o => o.WithTitle("PrintFarm API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        ApiRoutes.Map(app);
        MetricsEndpoint.Map(app);
        return app;
    }
}
