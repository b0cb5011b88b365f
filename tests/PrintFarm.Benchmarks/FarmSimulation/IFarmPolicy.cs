using Microsoft.Extensions.Time.Testing;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// A scheduler under test. The world tells it what happens on the simulated network, at the simulated time its clock
/// shows, and asks it at each tick which free printers start which plate. Every printer starts ready with a clear bed.
/// </summary>
internal interface IFarmPolicy : IAsyncDisposable
{
    string Name { get; }

    Task InitializeAsync(FarmNetwork network, FakeTimeProvider time);

    Task DemandArrivedAsync(SimDemand demand);

    /// <summary>The printer's link came back; it waits for a bed-clear.</summary>
    Task PrinterOnlineAsync(SimPrinter printer);

    /// <summary>The printer went offline; <paramref name="interrupted"/> is the plate it was printing, if any.</summary>
    Task PrinterOfflineAsync(SimPrinter printer, SimPlate? interrupted);

    Task PlateStartedAsync(SimPlate plate);

    Task PlateCompletedAsync(SimPlate plate);

    /// <summary>The print failed on the printer (a firmware error); the printer waits for a bed-clear.</summary>
    Task PlateFailedAsync(SimPlate plate);

    /// <summary>The bed was cleared and its good parts counted; the printer is ready.</summary>
    Task BedClearedAsync(SimPrinter printer, int goodParts);

    /// <summary>One scheduler tick: the plates to start now, each on a printer that is ready and free.</summary>
    Task<IReadOnlyList<SimPlate>> TickAsync();

    /// <summary>Anything the policy wants in the report (for example the ledger check), as extra columns.</summary>
    Task<IReadOnlyDictionary<string, object?>> FinishAsync();
}
