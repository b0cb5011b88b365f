using PrintFarm.Farm.Tests.Support;
using PrintFarm.Farm.Webhooks;
namespace PrintFarm.Farm.Tests.Webhooks;

/// <summary>Webhooks and their outbox on both stores: rows as written, attempts recorded, dead letters apart, removal taking its deliveries.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class WebhookStoreTests(StoreKind kind) : FarmFixture(kind)
{
    private static WebhookDelivery Delivery(long webhookId, string eventId) => new()
    {
        WebhookId = webhookId, EventId = eventId, Kind = "job.completed", OrderKey = "printer:p1", Body = """{"id":"x"}""",
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000),
    };

    [Test]
    [CancelAfter(30_000)]
    public async Task Outbox_PendingInOrder_DeadApart_AndRemovedWithItsWebhook()
    {
        long id;
        await using (var t = await Store.BeginAsync())
        {
            id = await t.InsertWebhookAsync(new Webhook
            {
                Url = "https://hooks.example.org/", Events = ["job.completed", "printer.error"], Secret = "0123456789abcdef", Site = "lab", Requester = "Hospital del Mar",
                CreatedBy = Staff, CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000),
            });
            await t.InsertWebhookDeliveriesAsync([Delivery(id, "e1"), Delivery(id, "e2"), Delivery(id, "e3")]);
            await t.CommitAsync();
        }
        var pending = await Store.Reader.ListPendingWebhookDeliveriesAsync(10);
        await using (var t = await Store.BeginAsync())
        {
            await t.UpdateWebhookDeliveryAsync(pending[0] with { Attempts = 8, LastError = "the receiver answered 500", Dead = true });
            await t.UpdateWebhookDeliveryAsync(pending[1] with { Attempts = 2, LastError = "no answer within the timeout" });
            await t.DeleteWebhookDeliveryAsync(pending[2].Id);
            await t.CommitAsync();
        }
        var webhook = (await Store.Reader.ListWebhooksAsync()).Single();
        var stillPending = await Store.Reader.ListPendingWebhookDeliveriesAsync(10);
        var dead = await Store.Reader.ListDeadWebhookDeliveriesAsync(id, 10);
        bool removed;
        await using (var t = await Store.BeginAsync())
        {
            removed = await t.DeleteWebhookAsync(id);
            await t.CommitAsync();
        }
        Assert.Multiple(async () =>
        {
            Assert.That((webhook.Url, webhook.Site, webhook.Owner, webhook.Requester, webhook.Secret, webhook.CreatedBy),
                Is.EqualTo(("https://hooks.example.org/", "lab", (string?)null, "Hospital del Mar", "0123456789abcdef", Staff)));
            Assert.That(webhook.Events, Is.EqualTo(new[] { "job.completed", "printer.error" }));
            Assert.That(pending.Select(d => d.EventId), Is.EqualTo(new[] { "e1", "e2", "e3" }));
            Assert.That(stillPending.Select(d => (d.EventId, d.Attempts, d.LastError)), Is.EqualTo(new[] { ("e2", 2, "no answer within the timeout") }));
            Assert.That(dead.Select(d => (d.EventId, d.Attempts, d.Dead, d.Body)), Is.EqualTo(new[] { ("e1", 8, true, """{"id":"x"}""") }));
            Assert.That(removed, Is.True);
            Assert.That(await Store.Reader.ListWebhooksAsync(), Is.Empty);
            Assert.That(await Store.Reader.ListPendingWebhookDeliveriesAsync(10), Is.Empty);
            Assert.That(await Store.Reader.ListDeadWebhookDeliveriesAsync(id, 10), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Outbox_ManyRowsAStatement_ReadPerWebhookFromACursor_RemovedInBatches()
    {
        long a, b;
        await using (var t = await Store.BeginAsync())
        {
            a = await t.InsertWebhookAsync(new Webhook { Url = "https://a.example.org/", Events = ["job.completed"], Secret = "0123456789abcdef", CreatedBy = Staff, CreatedAt = DateTimeOffset.UnixEpoch });
            b = await t.InsertWebhookAsync(new Webhook { Url = "https://b.example.org/", Events = ["job.completed"], Secret = "0123456789abcdef", CreatedBy = Staff, CreatedAt = DateTimeOffset.UnixEpoch });
            // More rows than one statement carries, the two webhooks interleaved.
            await t.InsertWebhookDeliveriesAsync(Enumerable.Range(0, 130).Select(i => Delivery(i % 2 == 0 ? a : b, $"e{i}")).ToList());
            await t.CommitAsync();
        }
        var all = await Store.Reader.ListPendingWebhookDeliveriesAsync(1000);
        var firstOfB = await Store.Reader.ListPendingWebhookDeliveriesAsync(b, 0, 10);
        var afterCursor = await Store.Reader.ListPendingWebhookDeliveriesAsync(b, firstOfB[^1].Id, 1000);
        await using (var t = await Store.BeginAsync())
        {
            await t.DeleteWebhookDeliveriesAsync(all.Where(d => d.WebhookId == a).Select(d => d.Id).Skip(1).ToList());
            await t.CommitAsync();
        }
        var left = await Store.Reader.ListPendingWebhookDeliveriesAsync(1000);
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(d => d.EventId), Is.EqualTo(Enumerable.Range(0, 130).Select(i => $"e{i}")), "written in the list's order");
            Assert.That(firstOfB.Select(d => d.EventId), Is.EqualTo(Enumerable.Range(0, 10).Select(i => $"e{(2 * i) + 1}")));
            Assert.That(afterCursor.Select(d => d.EventId), Is.EqualTo(Enumerable.Range(10, 55).Select(i => $"e{(2 * i) + 1}")));
            Assert.That(left.Count(d => d.WebhookId == a), Is.EqualTo(1));
            Assert.That(left.Count(d => d.WebhookId == b), Is.EqualTo(65));
        });
    }
}
