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

    /// <summary>Rows a multi-row INSERT or an <c>IN</c> list carries: 11 parameters a row stays far under SQLite's and PostgreSQL's limits.</summary>
    private const int DeliveryBatch = 50;

    public async Task InsertWebhookDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        // One statement for up to DeliveryBatch rows, in the list's order, so ids still follow it.
        for (var start = 0; start < deliveries.Count; start += DeliveryBatch)
        {
            var count = Math.Min(DeliveryBatch, deliveries.Count - start);
            var sql = new System.Text.StringBuilder(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, kind, order_key, body, dead, attempts, last_error, created_at, updated_at) VALUES ");
            var parameters = new (string, object?)[count * 10];
            for (var i = 0; i < count; i++)
            {
                var d = deliveries[start + i];
                var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (i > 0)
                    sql.Append(", ");
                sql.Append($"(@w{n}, @e{n}, @k{n}, @o{n}, @b{n}, @d{n}, @a{n}, @l{n}, @c{n}, @u{n})");
                parameters[i * 10] = ("@w" + n, d.WebhookId);
                parameters[(i * 10) + 1] = ("@e" + n, d.EventId);
                parameters[(i * 10) + 2] = ("@k" + n, d.Kind);
                parameters[(i * 10) + 3] = ("@o" + n, d.OrderKey);
                parameters[(i * 10) + 4] = ("@b" + n, d.Body);
                parameters[(i * 10) + 5] = ("@d" + n, d.Dead ? 1L : 0L);
                parameters[(i * 10) + 6] = ("@a" + n, (long)d.Attempts);
                parameters[(i * 10) + 7] = ("@l" + n, d.LastError);
                parameters[(i * 10) + 8] = ("@c" + n, Ms(d.CreatedAt));
                parameters[(i * 10) + 9] = ("@u" + n, Ms(d.UpdatedAt));
            }
            await ExecuteAsync(sql.ToString(), cancellationToken, parameters);
        }
    }

    /// <summary>Removes delivered rows, many to a statement.</summary>
    public async Task DeleteWebhookDeliveriesAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        for (var start = 0; start < ids.Count; start += DeliveryBatch * 4)
        {
            var count = Math.Min(DeliveryBatch * 4, ids.Count - start);
            var parameters = new (string, object?)[count];
            for (var i = 0; i < count; i++)
                parameters[i] = ("@i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ids[start + i]);
            await ExecuteAsync($"DELETE FROM webhook_deliveries WHERE id IN ({string.Join(", ", parameters.Select(p => p.Item1))})", cancellationToken, parameters);
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
