using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Farm;

/// <summary>Registers the farm core: the store, the services and the scheduler.</summary>
public static class FarmSetup
{
    /// <summary>
    /// Adds the farm. The store, and its read path <see cref="Queries.IFarmReader"/>, is PostgreSQL when <see cref="FarmOptions.PostgresConnectionString"/> is set, else
    /// SQLite in <see cref="FarmOptions.DataDirectory"/>. A <see cref="TimeProvider"/> and a <see cref="ProfileCatalog"/>
    /// already registered are used; otherwise the system clock and the shipped profiles.
    /// </summary>
    public static IServiceCollection AddFarm(this IServiceCollection services, Action<FarmOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new FarmOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ProfileCatalog.LoadDefault());
        services.TryAddSingleton<IFarmStore>(_ => FarmStoreFactory.Create(options));
        services.TryAddSingleton(provider => provider.GetRequiredService<IFarmStore>().Reader);
        services.TryAddSingleton(provider => provider.GetRequiredService<IFarmStore>().Printers);
        services.TryAddSingleton(_ => new GcodeFileStore(options.DataDirectory));
        services.TryAddSingleton<DesignCatalog>();
        services.TryAddSingleton<PrinterRegistry>();
        services.TryAddSingleton<DemandBook>();
        services.TryAddSingleton<Nodes.NodeBook>();
        services.TryAddSingleton<Requesters.RequesterBook>();
        services.TryAddSingleton<PartFlow>();
        services.TryAddSingleton<LedgerCheck>();
        services.TryAddSingleton<JobLifecycle>();
        services.TryAddSingleton<DirectJobs>();
        services.TryAddSingleton<StartupRecovery>();
        services.TryAddSingleton<Planner>();
        services.TryAddSingleton<Dispatcher>();
        services.TryAddSingleton<SchedulingRound>();
        services.TryAddSingleton<Forecasting.DemandForecast>();
        services.TryAddSingleton<ApiKeyBook>();
        services.TryAddSingleton<AgentOwners>();
        services.TryAddSingleton<Invitations.InvitationBook>();
        return services;
    }
}
