using System.Data.Common;
using PrintFarm.Farm.Email;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string EmailRecipientColumns = "id, address, events, site, owner, requester, created_by, created_at";

    internal const string EmailPendingColumns = "id, recipient_id, kind, event_id, summary, at";

    internal const string EmailQueueQuery =
        "SELECT p.recipient_id, p.kind, COUNT(*), MIN(p.at), s.at FROM email_pending p "
        + "LEFT JOIN email_sent s ON s.recipient_id = p.recipient_id AND s.kind = p.kind "
        + "GROUP BY p.recipient_id, p.kind, s.at ORDER BY p.recipient_id, p.kind";

    public async Task<long> InsertEmailRecipientAsync(EmailRecipient recipient, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO email_recipients (address, events, site, owner, requester, created_by, created_at) "
            + "VALUES (@address, @events, @site, @owner, @requester, @by, @at) RETURNING id",
            ("@address", recipient.Address), ("@events", string.Join(' ', recipient.Events)), ("@site", recipient.Site), ("@owner", recipient.Owner),
            ("@requester", recipient.Requester), ("@by", recipient.CreatedBy), ("@at", Ms(recipient.CreatedAt)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool> DeleteEmailRecipientAsync(long id, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync("DELETE FROM email_pending WHERE recipient_id = @id", cancellationToken, ("@id", id));
        await ExecuteAsync("DELETE FROM email_sent WHERE recipient_id = @id", cancellationToken, ("@id", id));
        return await ExecuteAsync("DELETE FROM email_recipients WHERE id = @id", cancellationToken, ("@id", id)) > 0;
    }

    public async Task InsertEmailPendingAsync(IReadOnlyList<EmailPending> pending, CancellationToken cancellationToken = default)
    {
        foreach (var p in pending)
        {
            await ExecuteAsync("INSERT INTO email_pending (recipient_id, kind, event_id, summary, at) VALUES (@recipient, @kind, @event, @summary, @at)", cancellationToken,
                ("@recipient", p.RecipientId), ("@kind", p.Kind), ("@event", p.EventId), ("@summary", p.Summary), ("@at", Ms(p.At)));
        }
    }

    public async Task MarkEmailSentAsync(long recipientId, string kind, long upToId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync("DELETE FROM email_pending WHERE recipient_id = @recipient AND kind = @kind AND id <= @upTo", cancellationToken,
            ("@recipient", recipientId), ("@kind", kind), ("@upTo", upToId));
        await ExecuteAsync("INSERT INTO email_sent (recipient_id, kind, at) VALUES (@recipient, @kind, @at) ON CONFLICT (recipient_id, kind) DO UPDATE SET at = excluded.at",
            cancellationToken, ("@recipient", recipientId), ("@kind", kind), ("@at", Ms(at)));
    }

    internal static EmailRecipient ReadEmailRecipient(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Address = r.GetString(1),
        Events = r.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Site = NullableString(r, 3),
        Owner = NullableString(r, 4),
        Requester = NullableString(r, 5),
        CreatedBy = r.GetString(6),
        CreatedAt = At(r.GetInt64(7)),
    };

    internal static EmailPending ReadEmailPending(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RecipientId = r.GetInt64(1),
        Kind = r.GetString(2),
        EventId = r.GetString(3),
        Summary = r.GetString(4),
        At = At(r.GetInt64(5)),
    };

    internal static EmailQueueLine ReadEmailQueueLine(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), Convert.ToInt32(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture), At(Convert.ToInt64(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)), NullableAt(r, 4));
}
