using PrintFarm.Farm.Invitations;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public Task<Invitation?> FindInvitationAsync(string hash, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.InvitationColumns} FROM invitations WHERE hash = @hash", SqlFarmTransaction.ReadInvitation,
            cancellationToken, ("@hash", hash));

    public Task<Page<Invitation>> ListInvitationsAsync(InvitationQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter().Equal("node", query.Node).Equal("batch", query.Batch);
        var ms = now.ToUnixTimeMilliseconds();
        filter = query.State switch
        {
            InvitationState.Used => filter.Where("used_at IS NOT NULL"),
            InvitationState.Revoked => filter.Where("used_at IS NULL AND revoked_at IS NOT NULL"),
            InvitationState.Expired => filter.Where("used_at IS NULL AND revoked_at IS NULL AND expires_at <= {0}", ms),
            InvitationState.Open => filter.Where("used_at IS NULL AND revoked_at IS NULL AND expires_at > {0}", ms),
            _ => filter,
        };
        return PageAsync(SqlFarmTransaction.InvitationColumns, "invitations", filter, "id DESC", query.Limit, query.Offset, SqlFarmTransaction.ReadInvitation,
            cancellationToken);
    }
}
