using PrintFarm.Farm.Access;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public Task<ApiKey?> FindActiveApiKeyAsync(string hash, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.ApiKeyColumns} FROM api_keys WHERE hash = @hash AND revoked_at IS NULL",
            SqlFarmTransaction.ReadApiKey, cancellationToken, ("@hash", hash));

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.ApiKeyColumns} FROM api_keys ORDER BY id", SqlFarmTransaction.ReadApiKey, cancellationToken);

    public async Task<bool> HasActiveApiKeyAsync(ApiRole role, string owner, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT COUNT(*) FROM api_keys WHERE role = @role AND owner = @owner AND revoked_at IS NULL", r => r.GetInt64(0),
            cancellationToken, ("@role", StoredNames.Of(role)), ("@owner", owner)))[0] > 0;

    public async Task<long> CountActiveApiKeysAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL", r => r.GetInt64(0), cancellationToken))[0];
}
