using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// Gives an event about a printer (a job's, say) that printer's site and owner, which decide who hears of it: a
/// webhook filtered on a site, a maker's e-mail. Each printer is read once per batch of events; make one per batch.
/// </summary>
internal sealed class EventPrinters
{
    private readonly PrinterDirectory _printers;
    private readonly Dictionary<string, (string Site, string Owner)?> _seen = new(StringComparer.Ordinal);

    public EventPrinters(PrinterDirectory printers) => _printers = printers;

    /// <summary>The event with its printer's site and owner; as it was when it has them already, has no printer, or the printer is gone.</summary>
    public async ValueTask<WebhookEvent> WithPrinterAsync(WebhookEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.PrinterId is not { } printerId || e.Site is not null || e.Owner is not null)
            return e;
        if (!_seen.TryGetValue(printerId, out var found))
        {
            found = await _printers.GetAsync(printerId, cancellationToken).ConfigureAwait(false) is { } printer ? (printer.Site, printer.Owner) : null;
            _seen[printerId] = found;
        }
        return found is { } p ? e with { Site = p.Site, Owner = p.Owner } : e;
    }
}
