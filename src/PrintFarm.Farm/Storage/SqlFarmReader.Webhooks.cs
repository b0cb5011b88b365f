using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public async Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.WebhookColumns} FROM webhooks ORDER BY id", SqlFarmTransaction.ReadWebhook, cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> ListPendingWebhookDeliveriesAsync(int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.DeliveryColumns} FROM webhook_deliveries WHERE dead = 0 ORDER BY id LIMIT @limit",
            SqlFarmTransaction.ReadDelivery, cancellationToken, ("@limit", (long)limit));

    public async Task<IReadOnlyList<WebhookDelivery>> ListPendingWebhookDeliveriesAsync(long webhookId, long afterId, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.DeliveryColumns} FROM webhook_deliveries WHERE webhook_id = @webhook AND dead = 0 AND id > @after ORDER BY id LIMIT @limit",
            SqlFarmTransaction.ReadDelivery, cancellationToken, ("@webhook", webhookId), ("@after", afterId), ("@limit", (long)limit));

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeadWebhookDeliveriesAsync(long webhookId, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.DeliveryColumns} FROM webhook_deliveries WHERE webhook_id = @webhook AND dead = 1 ORDER BY id LIMIT @limit",
            SqlFarmTransaction.ReadDelivery, cancellationToken, ("@webhook", webhookId), ("@limit", (long)limit));
}
