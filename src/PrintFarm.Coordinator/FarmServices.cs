using PrintFarm.Coordinator.Health;
using PrintFarm.Printing.Connection;
using PrintFarm.Coordinator.Events;
using PrintFarm.Coordinator.Printers;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator;

/// <summary>
/// The farm as the coordinator's parts use it: the farm core's services, reads, and the notices that follow
/// every change (an event for the streams, a nudge for the scheduler).
/// </summary>
public sealed class FarmServices
{
    public FarmServices(
        IFarmStore store,
        IFarmReader reader,
        PrinterRegistry registry,
        JobLifecycle lifecycle,
        DesignCatalog catalog,
        DemandBook demands,
        PartFlow parts,
        DirectJobs directJobs,
        SchedulingRound round,
        GcodeFileStore files,
        FarmNotifier notifier,
        Wakeups wakeups,
        LiveStatusBoard live,
        StoreWrites writes)
    {
        Writes = writes;
        Store = store;
        Reader = reader;
        Registry = registry;
        Lifecycle = lifecycle;
        Catalog = catalog;
        Demands = demands;
        Parts = parts;
        DirectJobs = directJobs;
        Round = round;
        Files = files;
        Notifier = notifier;
        Wakeups = wakeups;
        Live = live;
    }

    public IFarmStore Store { get; }

    /// <summary>Reads without the write lock.</summary>
    public IFarmReader Reader { get; }

    public PrinterRegistry Registry { get; }

    public JobLifecycle Lifecycle { get; }

    public DesignCatalog Catalog { get; }

    public DemandBook Demands { get; }

    public PartFlow Parts { get; }

    public DirectJobs DirectJobs { get; }

    public SchedulingRound Round { get; }

    public GcodeFileStore Files { get; }

    public FarmNotifier Notifier { get; }

    public Wakeups Wakeups { get; }

    public LiveStatusBoard Live { get; }

    /// <summary>Retries the writes that must not be lost (a printer's finished job) until the store takes them.</summary>
    public StoreWrites Writes { get; }

    /// <summary>The printer as last committed, from memory (<see cref="IFarmStore.Printers"/>): no database read.</summary>
    public async Task<Printer?> GetPrinterAsync(string id, CancellationToken cancellationToken) =>
        await Store.Printers.GetAsync(id, cancellationToken).ConfigureAwait(false);

    public Task<Job?> GetJobAsync(long id, CancellationToken cancellationToken) => Reader.GetJobAsync(id, cancellationToken);

    public Task<Variant?> GetVariantAsync(string id, CancellationToken cancellationToken) => Reader.GetVariantAsync(id, cancellationToken);

    /// <summary>
    /// Publishes the result of a farm operation with what it may have moved alongside: a job's printer, a
    /// printer's job. Wakes the scheduler when work may have been freed, and the printer when it got a job.
    /// </summary>
    public async Task PublishAsync(object? result)
    {
        switch (result)
        {
            case Job job:
                Notifier.Job(job);
                if (job.PrinterId is { } printerId && await GetPrinterAsync(printerId, CancellationToken.None).ConfigureAwait(false) is { } onPrinter)
                    Notifier.Printer(onPrinter);
                if (job.State is not (JobState.Printing or JobState.Paused))
                    Wakeups.Scheduler();
                break;
            case Printer printer:
                Notifier.Printer(printer);
                var related = printer.CurrentJobId ?? printer.BedJobId;
                if (related is { } jobId && await GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false) is { } j)
                    Notifier.Job(j);
                if (printer.State is PrinterState.Ready or PrinterState.Offline or PrinterState.Error)
                    Wakeups.Scheduler();
                break;
        }
    }
}
