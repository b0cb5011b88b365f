using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Farm.Storage;
using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// Writes each event, once per webhook that takes it, to the store's outbox before anything tries it, then wakes the
/// <see cref="WebhookDeliverer"/>. It runs off the commit path: the events come from <see cref="WebhookEventSource"/>'s queue.
/// </summary>
internal sealed partial class WebhookOutbox : BackgroundService
{
    private const int Batch = 500;

    private readonly IFarmStore _store;
    private readonly WebhookEventSource _source;
    private readonly WebhookDeliverer _deliverer;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger<WebhookOutbox> _log;

    public WebhookOutbox(IFarmStore store, WebhookEventSource source, WebhookDeliverer deliverer, JsonSerializerOptions json, ILogger<WebhookOutbox> log)
    {
        _store = store;
        _source = source;
        _deliverer = deliverer;
        _json = json;
        _log = log;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _store.Changes.Subscribe(_source);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _store.Changes.Unsubscribe(_source);
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = new List<WebhookEvent>(Batch);
        try
        {
            while (await _source.Events.WaitToReadAsync(stoppingToken))
            {
                events.Clear();
                while (events.Count < Batch && _source.Events.TryRead(out var e))
                    events.Add(e);
                try
                {
                    await WriteAsync(events, stoppingToken);
                }
#pragma warning disable CA1031 // A store hiccup loses these events, never the loop.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogWriteFailed(_log, events.Count, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        // Events still queued at a stop are written before the store goes away.
        events.Clear();
        while (_source.Events.TryRead(out var left))
            events.Add(left);
        if (events.Count > 0)
            await WriteAsync(events, CancellationToken.None);
    }

    private async Task WriteAsync(IReadOnlyList<WebhookEvent> events, CancellationToken cancellationToken)
    {
        var webhooks = await _store.Reader.ListWebhooksAsync(cancellationToken);
        if (webhooks.Count == 0)
            return;
        var deliveries = new List<WebhookDelivery>();
        // A job's event names its printer's site and owner only when a webhook filters on them.
        var filtersOnPrinter = webhooks.Any(w => w.Site is not null || w.Owner is not null);
        var printers = new EventPrinters(_store.Printers);
        foreach (var e in events)
        {
            var evt = filtersOnPrinter ? await printers.WithPrinterAsync(e, cancellationToken) : e;
            var body = JsonSerializer.Serialize(new { id = evt.Id, kind = evt.Kind, at = evt.At, data = evt.Data }, _json);
            foreach (var webhook in webhooks.Where(w => WebhookFilter.Takes(w, evt)))
            {
                deliveries.Add(new WebhookDelivery
                {
                    WebhookId = webhook.Id, EventId = evt.Id, Kind = evt.Kind, OrderKey = evt.PrinterId is { } p ? "printer:" + p : "kind:" + evt.Kind,
                    Body = body, CreatedAt = evt.At, UpdatedAt = evt.At,
                });
            }
        }
        if (deliveries.Count == 0)
            return;
        await using (var transaction = await _store.BeginAsync(cancellationToken))
        {
            await transaction.InsertWebhookDeliveriesAsync(deliveries, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        _deliverer.Wake();
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Error, Message = "{Count} webhook events could not be written to the outbox and are lost")]
    private static partial void LogWriteFailed(ILogger log, int count, Exception error);
}
