using System.Data.Common;
using PrintFarm.Farm.Webhooks;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string WebhookColumns = "id, url, events, secret, site, owner, requester, created_by, created_at";

    internal const string DeliveryColumns = "id, webhook_id, event_id, kind, order_key, body, dead, attempts, last_error, created_at, updated_at";

    public async Task<long> InsertWebhookAsync(Webhook webhook, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO webhooks (url, events, secret, site, owner, requester, created_by, created_at) "
            + "VALUES (@url, @events, @secret, @site, @owner, @requester, @by, @at) RETURNING id",
            ("@url", webhook.Url), ("@events", string.Join(' ', webhook.Events)), ("@secret", webhook.Secret), ("@site", webhook.Site),
            ("@owner", webhook.Owner), ("@requester", webhook.Requester), ("@by", webhook.CreatedBy), ("@at", Ms(webhook.CreatedAt)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Removes a webhook and every delivery still waiting for it; false when there was none.</summary>
    public async Task<bool> DeleteWebhookAsync(long id, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync("DELETE FROM webhook_deliveries WHERE webhook_id = @id", cancellationToken, ("@id", id));
        return await ExecuteAsync("DELETE FROM webhooks WHERE id = @id", cancellationToken, ("@id", id)) > 0;
    }

    public async Task InsertWebhookDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        foreach (var d in deliveries)
        {
            await ExecuteAsync(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, kind, order_key, body, dead, attempts, last_error, created_at, updated_at) "
                + "VALUES (@webhook, @event, @kind, @order, @body, @dead, @attempts, @error, @created, @updated)", cancellationToken,
                ("@webhook", d.WebhookId), ("@event", d.EventId), ("@kind", d.Kind), ("@order", d.OrderKey), ("@body", d.Body), ("@dead", d.Dead ? 1L : 0L),
                ("@attempts", (long)d.Attempts), ("@error", d.LastError), ("@created", Ms(d.CreatedAt)), ("@updated", Ms(d.UpdatedAt)));
        }
    }

    /// <summary>Writes a delivery's attempts, last error and whether it is dead.</summary>
    public Task UpdateWebhookDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE webhook_deliveries SET dead = @dead, attempts = @attempts, last_error = @error, updated_at = @updated WHERE id = @id", cancellationToken,
            ("@id", delivery.Id), ("@dead", delivery.Dead ? 1L : 0L), ("@attempts", (long)delivery.Attempts), ("@error", delivery.LastError), ("@updated", Ms(delivery.UpdatedAt)));

    public Task DeleteWebhookDeliveryAsync(long id, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM webhook_deliveries WHERE id = @id", cancellationToken, ("@id", id));

    internal static Webhook ReadWebhook(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Url = r.GetString(1),
        Events = r.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Secret = r.GetString(3),
        Site = NullableString(r, 4),
        Owner = NullableString(r, 5),
        Requester = NullableString(r, 6),
        CreatedBy = r.GetString(7),
        CreatedAt = At(r.GetInt64(8)),
    };

    internal static WebhookDelivery ReadDelivery(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        WebhookId = r.GetInt64(1),
        EventId = r.GetString(2),
        Kind = r.GetString(3),
        OrderKey = r.GetString(4),
        Body = r.GetString(5),
        Dead = r.GetInt64(6) != 0,
        Attempts = (int)r.GetInt64(7),
        LastError = r.GetString(8),
        CreatedAt = At(r.GetInt64(9)),
        UpdatedAt = At(r.GetInt64(10)),
    };
}
