using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Hosting;

/// <summary>
/// On PostgreSQL, where several coordinators may share the database, reads the printers into the
/// <see cref="PrinterDirectory"/> again every <see cref="Interval"/>, so another coordinator's changes show within it.
/// This coordinator's own changes show at once, as they commit. SQLite has one coordinator and needs none of this.
/// </summary>
internal sealed partial class PrinterDirectoryRefresh(PrinterDirectory printers, TimeProvider time, ILogger<PrinterDirectoryRefresh> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await printers.ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is away: the directory keeps this coordinator's own changes, and the next tick tries again.
                    LogReloadFailed(log, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
