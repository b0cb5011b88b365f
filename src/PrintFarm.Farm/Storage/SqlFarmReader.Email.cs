using PrintFarm.Farm.Email;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public async Task<IReadOnlyList<EmailRecipient>> ListEmailRecipientsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.EmailRecipientColumns} FROM email_recipients ORDER BY id", SqlFarmTransaction.ReadEmailRecipient, cancellationToken);

    public async Task<IReadOnlyList<EmailQueueLine>> ListEmailQueueAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync(SqlFarmTransaction.EmailQueueQuery, SqlFarmTransaction.ReadEmailQueueLine, cancellationToken);

    public async Task<IReadOnlyList<EmailPending>> ListEmailPendingAsync(long recipientId, string kind, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.EmailPendingColumns} FROM email_pending WHERE recipient_id = @recipient AND kind = @kind ORDER BY id LIMIT @limit",
            SqlFarmTransaction.ReadEmailPending, cancellationToken, ("@recipient", recipientId), ("@kind", kind), ("@limit", (long)limit));
}
