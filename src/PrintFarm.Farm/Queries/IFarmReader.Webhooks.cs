using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Farm.Queries;

public partial interface IFarmReader
{
    /// <summary>
    /// One webhook's pending deliveries after <paramref name="afterId"/>, oldest first, so a sender can read each
    /// webhook's outbox on from where it last read (over the index on webhook, dead and id), whatever the others hold.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ListPendingWebhookDeliveriesAsync(long webhookId, long afterId, int limit, CancellationToken cancellationToken = default);
}
