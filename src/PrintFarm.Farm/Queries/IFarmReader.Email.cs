using PrintFarm.Farm.Email;

namespace PrintFarm.Farm.Queries;

public partial interface IFarmReader
{
    /// <summary>Every e-mail recipient, by id.</summary>
    Task<IReadOnlyList<EmailRecipient>> ListEmailRecipientsAsync(CancellationToken cancellationToken = default);

    /// <summary>Per recipient and kind: how many events wait, the oldest one's time, and when that kind last went out.</summary>
    Task<IReadOnlyList<EmailQueueLine>> ListEmailQueueAsync(CancellationToken cancellationToken = default);

    /// <summary>One recipient's waiting events of one kind, oldest first.</summary>
    Task<IReadOnlyList<EmailPending>> ListEmailPendingAsync(long recipientId, string kind, int limit, CancellationToken cancellationToken = default);
}
