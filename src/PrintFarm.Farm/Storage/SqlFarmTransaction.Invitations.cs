using System.Data.Common;
using PrintFarm.Farm.Invitations;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string InvitationColumns =
        "id, hash, node, batch, note, created_by, created_at, expires_at, revoked_at, revoked_by, used_at, used_by, key_id";

    public async Task<long> InsertInvitationAsync(Invitation invitation, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO invitations (hash, node, batch, note, created_by, created_at, expires_at) "
            + "VALUES (@hash, @node, @batch, @note, @by, @created, @expires) RETURNING id",
            ("@hash", invitation.Hash), ("@node", invitation.Node), ("@batch", invitation.Batch), ("@note", invitation.Note), ("@by", invitation.CreatedBy),
            ("@created", Ms(invitation.CreatedAt)), ("@expires", Ms(invitation.ExpiresAt)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<Invitation?> GetInvitationAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {InvitationColumns} FROM invitations WHERE id = @id{_dialect.LockRows}", ReadInvitation, cancellationToken, ("@id", id)))
        .FirstOrDefault();

    public async Task<Invitation?> FindInvitationAsync(string hash, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {InvitationColumns} FROM invitations WHERE hash = @hash{_dialect.LockRows}", ReadInvitation, cancellationToken, ("@hash", hash)))
        .FirstOrDefault();

    public async Task<IReadOnlyList<long>> ListRevocableInvitationsAsync(string batch, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT id FROM invitations WHERE batch = @batch AND used_at IS NULL AND revoked_at IS NULL ORDER BY id",
            r => r.GetInt64(0), cancellationToken, ("@batch", batch));

    public async Task RevokeInvitationsAsync(IReadOnlyList<long> ids, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            await ExecuteAsync("UPDATE invitations SET revoked_at = @at, revoked_by = @by WHERE id = @id AND used_at IS NULL AND revoked_at IS NULL",
                cancellationToken, ("@id", id), ("@at", Ms(at)), ("@by", actor));
        }
    }

    /// <summary>Marks the invitation used, only if it is still open at <paramref name="at"/>: false when another join took it first.</summary>
    public async Task<bool> ClaimInvitationAsync(long id, string owner, long keyId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE invitations SET used_at = @at, used_by = @owner, key_id = @key "
            + "WHERE id = @id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @at",
            cancellationToken, ("@id", id), ("@at", Ms(at)), ("@owner", owner), ("@key", keyId)) == 1;

    public async Task<bool> IsOwnerTakenAsync(string owner, CancellationToken cancellationToken = default) =>
        (await QueryAsync(
            "SELECT (SELECT COUNT(*) FROM api_keys WHERE owner = @owner) + (SELECT COUNT(*) FROM printers WHERE owner = @owner) "
            + "+ (SELECT COUNT(*) FROM invitations WHERE used_by = @owner)",
            r => r.GetInt64(0), cancellationToken, ("@owner", owner)))[0] > 0;

    internal static Invitation ReadInvitation(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Hash = r.GetString(1),
        Node = r.GetString(2),
        Batch = NullableString(r, 3),
        Note = NullableString(r, 4),
        CreatedBy = r.GetString(5),
        CreatedAt = At(r.GetInt64(6)),
        ExpiresAt = At(r.GetInt64(7)),
        RevokedAt = NullableAt(r, 8),
        RevokedBy = NullableString(r, 9),
        UsedAt = NullableAt(r, 10),
        UsedBy = NullableString(r, 11),
        KeyId = r.IsDBNull(12) ? null : r.GetInt64(12),
    };
}
