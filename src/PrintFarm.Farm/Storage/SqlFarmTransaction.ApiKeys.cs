using System.Data.Common;
using PrintFarm.Farm.Access;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string ApiKeyColumns = "id, name, role, owner, printer_id, hash, prefix, created_at, revoked_at, node";

    public async Task<long> InsertApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO api_keys (name, role, owner, printer_id, hash, prefix, created_at, revoked_at, node) "
            + "VALUES (@name, @role, @owner, @printer, @hash, @prefix, @created, @revoked, @node) RETURNING id",
            ("@name", key.Name), ("@role", StoredNames.Of(key.Role)), ("@owner", key.Owner), ("@printer", key.PrinterId), ("@hash", key.Hash),
            ("@prefix", key.Prefix), ("@created", Ms(key.CreatedAt)), ("@revoked", Ms(key.RevokedAt)), ("@node", key.Node));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<ApiKey?> GetApiKeyAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE id = @id{_dialect.LockRows}", ReadApiKey, cancellationToken, ("@id", id)))
        .FirstOrDefault();

    public Task UpdateApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE api_keys SET revoked_at = @revoked WHERE id = @id", cancellationToken, ("@id", key.Id), ("@revoked", Ms(key.RevokedAt)));

    internal static ApiKey ReadApiKey(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Name = r.GetString(1),
        Role = StoredNames.Parse<ApiRole>(r.GetString(2)),
        Owner = NullableString(r, 3),
        PrinterId = NullableString(r, 4),
        Hash = r.GetString(5),
        Prefix = r.GetString(6),
        CreatedAt = At(r.GetInt64(7)),
        RevokedAt = NullableAt(r, 8),
        Node = NullableString(r, 9),
    };
}
