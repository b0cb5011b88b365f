namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    public async Task<string?> GetAgentOwnerAsync(string agentId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT owner FROM agent_owners WHERE agent_id = @id", r => r.GetString(0), cancellationToken, ("@id", agentId))).FirstOrDefault();

    public Task SetAgentOwnerAsync(string agentId, string owner, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO agent_owners (agent_id, owner, claimed_by, claimed_at) VALUES (@id, @owner, @actor, @at)
            ON CONFLICT (agent_id) DO UPDATE SET owner = excluded.owner, claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at
            """, cancellationToken, ("@id", agentId), ("@owner", owner), ("@actor", actor), ("@at", Ms(at)));

    public Task ProbeWriteAsync(DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ExecuteAsync("INSERT INTO store_probe (id, at) VALUES (1, @at) ON CONFLICT (id) DO UPDATE SET at = excluded.at", cancellationToken, ("@at", Ms(at)));
}
