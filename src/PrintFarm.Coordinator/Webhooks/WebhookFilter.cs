using PrintFarm.Farm.Email;
using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Coordinator.Webhooks;

/// <summary>
/// Whether a webhook or an e-mail recipient takes an event: its kind is one it asked for, and each filter it has
/// matches the event's field.
/// </summary>
internal static class WebhookFilter
{
    public static bool Takes(Webhook webhook, WebhookEvent e) => Takes(webhook.Events, webhook.Site, webhook.Owner, webhook.Requester, e);

    public static bool Takes(EmailRecipient recipient, WebhookEvent e) => Takes(recipient.Events, recipient.Site, recipient.Owner, recipient.Requester, e);

    private static bool Takes(IReadOnlyList<string> events, string? site, string? owner, string? requester, WebhookEvent e) =>
        events.Contains(e.Kind, StringComparer.Ordinal)
        && Matches(site, e.Site)
        && Matches(owner, e.Owner)
        && Matches(requester, e.Requester);

    /// <summary>No filter takes everything; a filter takes only events that carry that very value.</summary>
    private static bool Matches(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.Ordinal);
}
