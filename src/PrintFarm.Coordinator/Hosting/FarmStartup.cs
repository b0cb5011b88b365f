using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// Runs before anything else starts: migrates the store, records jobs that a crash or stop left running as
/// interrupted, brings the config's printers, designs and demands in, marks the local printers offline until
/// their links come up, and creates the admin key on a first start.
/// </summary>
internal sealed partial class FarmStartup : IHostedService
{
    private readonly ServeOptions _options;
    private readonly IFarmStore _store;
    private readonly JobLifecycle _lifecycle;
    private readonly PrinterRegistry _registry;
    private readonly StartupRecovery _recovery;
    private readonly ConfigSeeder _seeder;
    private readonly AdminKey _adminKey;
    private readonly ILogger<FarmStartup> _log;

    public FarmStartup(ServeOptions options, IFarmStore store, JobLifecycle lifecycle, PrinterRegistry registry, StartupRecovery recovery, ConfigSeeder seeder, AdminKey adminKey, ILogger<FarmStartup> log)
    {
        _options = options;
        _store = store;
        _lifecycle = lifecycle;
        _registry = registry;
        _recovery = recovery;
        _seeder = seeder;
        _adminKey = adminKey;
        _log = log;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StoreGuard.CheckAsync(_store, _options.DataDirectory!, cancellationToken).ConfigureAwait(false);
        var applied = await _store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        DataDirectoryCare.Restrict(_options.DataDirectory!);
        var leftovers = DataDirectoryCare.RemoveStaleUploads(_options.DataDirectory!, System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime());
        if (leftovers > 0)
            LogStaleUploads(_log, leftovers);
        LogStore(_log, _store.Description, applied);
        var interrupted = await _recovery.RecoverAsync(cancellationToken).ConfigureAwait(false);
        if (interrupted.Count > 0)
            LogInterrupted(_log, interrupted.Count, string.Join(", ", interrupted));
        if (_options.RequeueInterrupted)
        {
            IReadOnlyList<Job> stale;
            await using (var t = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
                stale = await t.ListJobsAsync([JobState.Interrupted], cancellationToken).ConfigureAwait(false);
            foreach (var job in stale)
                await _lifecycle.RequeueAsync(job.Id, "config:requeueInterrupted", cancellationToken).ConfigureAwait(false);
        }
        await _seeder.SeedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var p in _options.Printers)
        {
            var printer = await _store.Printers.GetAsync(p.Id, cancellationToken).ConfigureAwait(false);
            if (printer is not null && printer.State is not (PrinterState.Offline or PrinterState.Maintenance))
                await _registry.SetStateAsync(p.Id, PrinterState.Offline, "system:startup", "waiting for its link", cancellationToken).ConfigureAwait(false);
        }
        await _adminKey.EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
