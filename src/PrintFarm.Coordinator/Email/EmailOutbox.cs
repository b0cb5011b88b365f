using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Webhooks;
using PrintFarm.Farm.Email;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Coordinator.Email;

/// <summary>
/// Writes each event, once per recipient that takes it, to the store's e-mail outbox (<c>email_pending</c>) as the
/// line its message will carry, then wakes the <see cref="EmailSender"/>. It reads <see cref="WebhookEventSource.MailEvents"/>,
/// off the commit path. Without an SMTP server (<c>email.host</c>) the events are let go: nothing would send them.
/// </summary>
internal sealed partial class EmailOutbox : BackgroundService
{
    private const int Batch = 500;

    private readonly IFarmStore _store;
    private readonly WebhookEventSource _source;
    private readonly EmailSender _sender;
    private readonly JsonSerializerOptions _json;
    private readonly bool _sending;
    private readonly ILogger<EmailOutbox> _log;

    public EmailOutbox(IFarmStore store, WebhookEventSource source, EmailSender sender, JsonSerializerOptions json, ServeOptions options, ILogger<EmailOutbox> log)
    {
        _store = store;
        _source = source;
        _sender = sender;
        _json = json;
        _sending = options.Email.Host is not null;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = new List<WebhookEvent>(Batch);
        try
        {
            while (await _source.MailEvents.WaitToReadAsync(stoppingToken))
            {
                events.Clear();
                while (events.Count < Batch && _source.MailEvents.TryRead(out var e))
                    events.Add(e);
                if (!_sending)
                    continue;
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
        events.Clear();
        while (_source.MailEvents.TryRead(out var left))
            events.Add(left);
        if (_sending && events.Count > 0)
            await WriteAsync(events, CancellationToken.None);
    }

    private async Task WriteAsync(IReadOnlyList<WebhookEvent> events, CancellationToken cancellationToken)
    {
        var recipients = await _store.Reader.ListEmailRecipientsAsync(cancellationToken);
        if (recipients.Count == 0)
            return;
        var pending = new List<EmailPending>();
        var printers = new EventPrinters(_store.Printers);
        foreach (var e in events)
        {
            // A job's event is about its printer: its site and owner decide who hears of it (a maker only of her own).
            var evt = await printers.WithPrinterAsync(e, cancellationToken);
            var takers = recipients.Where(r => WebhookFilter.Takes(r, evt)).ToList();
            if (takers.Count == 0)
                continue;
            var line = EmailText.Line(evt.Kind, evt.At, JsonSerializer.SerializeToElement(evt.Data, _json));
            pending.AddRange(takers.Select(r => new EmailPending { RecipientId = r.Id, Kind = evt.Kind, EventId = evt.Id, Summary = line, At = evt.At }));
        }
        if (pending.Count == 0)
            return;
        await using (var transaction = await _store.BeginAsync(cancellationToken))
        {
            await transaction.InsertEmailPendingAsync(pending, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        _sender.Wake();
    }

    [LoggerMessage(EventId = 1520, Level = LogLevel.Error, Message = "{Count} events could not be written to the e-mail outbox and are lost")]
    private static partial void LogWriteFailed(ILogger log, int count, Exception error);
}
