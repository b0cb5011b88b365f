using PrintFarm.Farm;
using PrintFarm.Farm.Forecasting;
using PrintFarm.Farm.Jobs;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Scheduling;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// Gathers what <see cref="IdleReasons"/> needs for one ready printer: the designs still owed (from the forecast, which
/// is kept for one scheduler tick), the queued jobs, designs and variants, and its site's heating.
/// </summary>
internal sealed class PrinterWaiting
{
    private readonly IFarmStore _store;
    private readonly DemandForecast _forecast;
    private readonly FarmOptions _options;
    private readonly TimeProvider _time;

    public PrinterWaiting(IFarmStore store, DemandForecast forecast, FarmOptions options, TimeProvider time)
    {
        _store = store;
        _forecast = forecast;
        _options = options;
        _time = time;
    }

    public async Task<IReadOnlyList<IdleReason>> WhyAsync(Printer printer, CancellationToken cancellationToken)
    {
        if (printer.State != PrinterState.Ready || printer.CurrentJobId is not null)
            return IdleReasons.For(printer, [], [], [], [], 0, 1);
        var owed = (await _forecast.GetAsync(cancellationToken).ConfigureAwait(false)).Values
            .Where(l => l.Counts.Uncovered > 0).Select(l => l.Key.DesignId).ToHashSet(StringComparer.Ordinal);
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var queued = await transaction.ListJobsAsync([JobState.Queued], cancellationToken).ConfigureAwait(false);
        var designs = await transaction.ListDesignsAsync(cancellationToken).ConfigureAwait(false);
        var variants = await transaction.ListVariantsAsync(cancellationToken).ConfigureAwait(false);
        var heating = await transaction.CountHeatingPerSiteAsync(_time.GetUtcNow() - _options.HeatUpTime, cancellationToken).ConfigureAwait(false);
        return IdleReasons.For(printer, owed, queued, designs, variants, heating.GetValueOrDefault(printer.Site), _options.HeatingLimitFor(printer.Site));
    }
}
