using PrintFarm.Farm.Invitations;

namespace PrintFarm.Farm.Storage;

/// <summary>Invitations: made, revoked, and claimed once by a join.</summary>
public partial interface IFarmTransaction
{
    /// <summary>Inserts an invitation (its code's hash, never the code) and returns its id.</summary>
    Task<long> InsertInvitationAsync(Invitation invitation, CancellationToken cancellationToken = default);

    /// <summary>Reads one invitation and, on PostgreSQL, locks its row.</summary>
    Task<Invitation?> GetInvitationAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The invitation whose code hashes to <paramref name="hash"/>, its row locked on PostgreSQL.</summary>
    Task<Invitation?> FindInvitationAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>The ids of a batch's invitations that are neither used nor revoked.</summary>
    Task<IReadOnlyList<long>> ListRevocableInvitationsAsync(string batch, CancellationToken cancellationToken = default);

    /// <summary>Marks these invitations revoked, each only if it is neither used nor revoked already.</summary>
    Task RevokeInvitationsAsync(IReadOnlyList<long> ids, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Marks an invitation used by <paramref name="owner"/> with the key it made, only if still open at <paramref name="at"/>.</summary>
    Task<bool> ClaimInvitationAsync(long id, string owner, long keyId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether any key, printer or used invitation already names <paramref name="owner"/>.</summary>
    Task<bool> IsOwnerTakenAsync(string owner, CancellationToken cancellationToken = default);
}
