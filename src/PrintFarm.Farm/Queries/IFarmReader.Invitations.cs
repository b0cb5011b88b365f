using PrintFarm.Farm.Invitations;

namespace PrintFarm.Farm.Queries;

/// <summary>Invitations, read outside any write transaction.</summary>
public partial interface IFarmReader
{
    /// <summary>The invitation whose code hashes to <paramref name="hash"/>, in any state.</summary>
    Task<Invitation?> FindInvitationAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Invitations, newest first; states are judged at <paramref name="now"/>.</summary>
    Task<Page<Invitation>> ListInvitationsAsync(
        InvitationQuery query, DateTimeOffset now, CancellationToken cancellationToken = default);
}
