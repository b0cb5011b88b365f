using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Access;

/// <summary>
/// Who owns each agent id. The first printer registered behind an id makes its owner the id's owner, for good: revoking
/// the agent's key never frees the id, so nobody else can register printers behind it and receive its MQTT login. Only
/// an admin's <see cref="TransferAsync"/> gives it to someone else, and that is audited.
/// </summary>
public sealed class AgentOwners
{
    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public AgentOwners(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The refusal when an id is someone else's; it does not say whose.</summary>
    public static string TakenMessage(string agentId) =>
        $"agent {agentId} belongs to another owner; choose another agent id (an admin can transfer it)";

    /// <summary>The owner of the agent id, or null when no printer was ever registered behind it.</summary>
    public async Task<string?> OwnerOfAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        return await transaction.GetAgentOwnerAsync(agentId, cancellationToken);
    }

    /// <summary>Gives the agent id to <paramref name="owner"/>. The printers behind it keep their own owners.</summary>
    public async Task TransferAsync(string agentId, string owner, string actor, CancellationToken cancellationToken = default)
    {
        owner = owner?.Trim() ?? "";
        if (owner.Length == 0 || owner.Length > 200 || owner.Any(char.IsControl))
            throw new FarmValidationException("a transfer needs the new owner's name");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var before = await transaction.GetAgentOwnerAsync(agentId, cancellationToken) ?? throw new FarmNotFoundException($"unknown agent {agentId}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        await transaction.SetAgentOwnerAsync(agentId, owner, actor, changes.Now, cancellationToken);
        changes.Audit("agent.transferred", $"agent:{agentId}", $"{before} -> {owner}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
