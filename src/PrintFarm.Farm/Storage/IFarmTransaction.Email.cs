using PrintFarm.Farm.Email;

namespace PrintFarm.Farm.Storage;

public partial interface IFarmTransaction
{
    /// <summary>Adds an e-mail recipient; returns its id.</summary>
    Task<long> InsertEmailRecipientAsync(EmailRecipient recipient, CancellationToken cancellationToken = default);

    /// <summary>Removes a recipient, what it has waiting and when it was last sent to; false when there was none.</summary>
    Task<bool> DeleteEmailRecipientAsync(long id, CancellationToken cancellationToken = default);

    Task InsertEmailPendingAsync(IReadOnlyList<EmailPending> pending, CancellationToken cancellationToken = default);

    /// <summary>Removes a recipient's waiting events of one kind up to and including <paramref name="upToId"/>, and records the send.</summary>
    Task MarkEmailSentAsync(long recipientId, string kind, long upToId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
