using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>Whether a webhook takes an event: its kind is one it asked for, and each filter it has matches the event's field.</summary>
internal static class WebhookFilter
{
    public static bool Takes(Webhook webhook, WebhookEvent e) =>
        webhook.Events.Contains(e.Kind, StringComparer.Ordinal)
        && Matches(webhook.Site, e.Site)
        && Matches(webhook.Owner, e.Owner)
        && Matches(webhook.Requester, e.Requester);

    /// <summary>No filter takes everything; a filter takes only events that carry that very value.</summary>
    private static bool Matches(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}
