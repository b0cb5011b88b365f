using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Forecasting;
using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;
using PrintFarm.Farm.Storage;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// The events that come from time passing rather than from a change: a printer offline for longer than
/// <see cref="ServeOptions.OfflineNoticeMinutes"/> (<c>printer.offline</c>, once per spell offline) and an open
/// demand whose forecast misses its needed-by (<c>demand.at-risk</c>, once per demand and needed-by). It looks every
/// <see cref="Period"/>, a quarter of the offline time at most, and publishes through <see cref="WebhookEventSource"/>.
/// </summary>
internal sealed partial class NotificationWatch : BackgroundService
{
    private readonly IFarmStore _store;
    private readonly DemandForecast _forecast;
    private readonly WebhookEventSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationWatch> _log;
    private readonly TimeSpan _offlineAfter;
    private readonly Dictionary<string, (DateTimeOffset Since, bool Told)> _offline = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DateTimeOffset?> _atRisk = [];

    public NotificationWatch(IFarmStore store, DemandForecast forecast, WebhookEventSource source, ServeOptions options, TimeProvider time, ILogger<NotificationWatch> log)
    {
        _store = store;
        _forecast = forecast;
        _source = source;
        _time = time;
        _log = log;
        _offlineAfter = TimeSpan.FromMinutes(options.OfflineNoticeMinutes);
    }

    public TimeSpan Period => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, _offlineAfter.Ticks / 4));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await LookAsync(stoppingToken);
                }
#pragma warning disable CA1031 // The store may be away for a moment; the next tick looks again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogLookFailed(_log, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One look at the printers and the forecast; publishes what is newly overdue or at risk.</summary>
    internal async Task LookAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var printers = await _store.Printers.AllAsync(new PrinterQuery(), cancellationToken);
        Offline(printers, now);
        var forecast = await _forecast.GetAsync(cancellationToken);
        var demands = new List<DemandRecord>();
        while (true)
        {
            var page = await _store.Reader.ListDemandsAsync(new DemandQuery { State = DemandState.Open, Limit = Paging.MaxLimit, Offset = demands.Count }, cancellationToken);
            demands.AddRange(page.Items);
            if (page.Items.Count < Paging.MaxLimit)
                break;
        }
        AtRisk(demands, forecast, now);
    }

    private void Offline(IReadOnlyList<Printer> printers, DateTimeOffset now)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var printer in printers.Where(p => p.State == PrinterState.Offline))
        {
            seen.Add(printer.Id);
            var (since, told) = _offline.TryGetValue(printer.Id, out var spell) ? spell : (now, false);
            if (!told && now - since >= _offlineAfter)
            {
                told = true;
                var data = new
                {
                    id = printer.Id, name = printer.Name, state = WireNames.Of(printer.State), site = printer.Site, owner = printer.Owner,
                    offlineSince = since, minutes = (int)Math.Floor((now - since).TotalMinutes),
                };
                _source.Publish(new WebhookEvent("printer.offline", now, data, printer.Id, null) { Site = printer.Site, Owner = printer.Owner });
            }
            _offline[printer.Id] = (since, told);
        }
        // Back online (or gone): the next spell offline is told again.
        foreach (var id in _offline.Keys.Where(id => !seen.Contains(id)).ToList())
            _offline.Remove(id);
    }

    private void AtRisk(IReadOnlyList<DemandRecord> demands, IReadOnlyDictionary<LedgerKey, LineForecast> forecast, DateTimeOffset now)
    {
        var open = new HashSet<long>();
        foreach (var demand in demands)
        {
            open.Add(demand.Id);
            if (demand.NeededBy is null || !forecast.TryGetValue(demand.Key, out var line) || !line.WillMiss)
                continue;
            // Told once per needed-by: a demand given a new date is told again if that one is missed too.
            if (_atRisk.TryGetValue(demand.Id, out var told) && told == demand.NeededBy)
                continue;
            _atRisk[demand.Id] = demand.NeededBy;
            var data = new
            {
                id = demand.Id, requester = demand.Requester, designId = demand.DesignId, node = demand.Node, quantity = demand.Quantity,
                delivered = demand.Delivered, neededBy = demand.NeededBy, eta = line.Eta, stillNeeded = line.StillNeeded, inProgress = line.InProgress,
            };
            _source.Publish(new WebhookEvent("demand.at-risk", now, data, null, demand.Requester));
        }
        foreach (var id in _atRisk.Keys.Where(id => !open.Contains(id)).ToList())
            _atRisk.Remove(id);
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Warning, Message = "The notification watch could not look at the farm; it looks again at the next tick")]
    private static partial void LogLookFailed(ILogger log, Exception error);
}
