using PrintFarm.Farm.Email;
using PrintFarm.Farm.Tests.Support;

namespace PrintFarm.Farm.Tests.Email;

/// <summary>E-mail recipients and their outbox on both stores: the queue per recipient and kind, a send recorded, removal taking what waits.</summary>
[TestFixture(StoreKind.Sqlite)]
[TestFixture(StoreKind.Postgres)]
public sealed class EmailStoreTests(StoreKind kind) : FarmFixture(kind)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static EmailPending Pending(long recipient, string kind, string eventId, int second) =>
        new() { RecipientId = recipient, Kind = kind, EventId = eventId, Summary = $"line {eventId}", At = T0.AddSeconds(second) };

    [Test]
    [CancelAfter(30_000)]
    public async Task Queue_CountsPerRecipientAndKind_ASendTakesWhatWasRead_AndRemovalTakesTheRest()
    {
        long anna, desk;
        await using (var t = await Store.BeginAsync())
        {
            anna = await t.InsertEmailRecipientAsync(new EmailRecipient { Address = "anna@example.org", Events = ["printer.error", "printer.offline"], Owner = "anna", CreatedBy = "maker:anna", CreatedAt = T0 });
            desk = await t.InsertEmailRecipientAsync(new EmailRecipient { Address = "desk@lab.example", Events = ["printer.error"], Site = "lab", Requester = "Hospital del Mar", CreatedBy = Staff, CreatedAt = T0 });
            await t.InsertEmailPendingAsync([Pending(anna, "printer.error", "e1", 1), Pending(anna, "printer.error", "e2", 2), Pending(anna, "printer.offline", "e3", 3), Pending(desk, "printer.error", "e1", 1)]);
            await t.CommitAsync();
        }
        var recipients = await Store.Reader.ListEmailRecipientsAsync();
        var before = await Store.Reader.ListEmailQueueAsync();
        var errors = await Store.Reader.ListEmailPendingAsync(anna, "printer.error", 10);
        await using (var t = await Store.BeginAsync())
        {
            // What was read is sent; one more written meanwhile stays for the next message.
            await t.InsertEmailPendingAsync([Pending(anna, "printer.error", "e4", 4)]);
            await t.MarkEmailSentAsync(anna, "printer.error", errors[^1].Id, T0.AddSeconds(10));
            await t.CommitAsync();
        }
        var after = await Store.Reader.ListEmailQueueAsync();
        await using (var t = await Store.BeginAsync())
        {
            await t.MarkEmailSentAsync(anna, "printer.error", long.MaxValue, T0.AddSeconds(20)); // A second send of a kind moves its time on.
            await t.CommitAsync();
        }
        await using (var t = await Store.BeginAsync())
        {
            await t.InsertEmailPendingAsync([Pending(anna, "printer.error", "e5", 30)]);
            await t.CommitAsync();
        }
        var later = await Store.Reader.ListEmailQueueAsync();
        bool removed, again;
        await using (var t = await Store.BeginAsync())
        {
            removed = await t.DeleteEmailRecipientAsync(anna);
            again = await t.DeleteEmailRecipientAsync(anna);
            await t.CommitAsync();
        }
        var left = await Store.Reader.ListEmailQueueAsync();
        Assert.Multiple(() =>
        {
            var a = recipients.Single(r => r.Id == anna);
            var d = recipients.Single(r => r.Id == desk);
            Assert.That((a.Address, a.Owner, a.Site, a.CreatedBy, a.CreatedAt), Is.EqualTo(("anna@example.org", "anna", (string?)null, "maker:anna", T0)));
            Assert.That(a.Events, Is.EqualTo(new[] { "printer.error", "printer.offline" }));
            Assert.That((d.Site, d.Requester), Is.EqualTo(("lab", "Hospital del Mar")));
            Assert.That(before, Is.EqualTo(new[]
            {
                new EmailQueueLine(anna, "printer.error", 2, T0.AddSeconds(1), null),
                new EmailQueueLine(anna, "printer.offline", 1, T0.AddSeconds(3), null),
                new EmailQueueLine(desk, "printer.error", 1, T0.AddSeconds(1), null),
            }));
            Assert.That(errors.Select(e => (e.EventId, e.Summary, e.At)), Is.EqualTo(new[] { ("e1", "line e1", T0.AddSeconds(1)), ("e2", "line e2", T0.AddSeconds(2)) }));
            Assert.That(after, Does.Contain(new EmailQueueLine(anna, "printer.error", 1, T0.AddSeconds(4), T0.AddSeconds(10))));
            Assert.That(later, Does.Contain(new EmailQueueLine(anna, "printer.error", 1, T0.AddSeconds(30), T0.AddSeconds(20))));
            Assert.That((removed, again), Is.EqualTo((true, false)));
            Assert.That(left, Is.EqualTo(new[] { new EmailQueueLine(desk, "printer.error", 1, T0.AddSeconds(1), null) }));
        });
    }
}
