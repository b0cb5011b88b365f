using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Jobs;

/// <summary>Staff queue plates directly, outside any demand; their parts become stock on the ledger line with no requester.</summary>
public sealed class DirectJobs
{
    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public DirectJobs(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<IReadOnlyList<long>> QueueAsync(string variantId, int plates, string node, int priority, string actor, CancellationToken cancellationToken = default)
    {
        if (plates < 1 || plates > 10_000)
            throw new FarmValidationException($"plates must be between 1 and 10000, not {plates}");
        if (string.IsNullOrWhiteSpace(node))
            throw new FarmValidationException("a direct job needs a node for its parts");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var variant = await transaction.GetVariantAsync(variantId, cancellationToken) ?? throw new FarmValidationException($"unknown variant {variantId}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        for (var i = 0; i < plates; i++)
        {
            changes.AddJob(new Job
            {
                DesignId = variant.DesignId,
                VariantId = variant.Id,
                Requester = LedgerKey.Stock,
                Node = node,
                Parts = variant.PartsPerPlate,
                Priority = priority,
                CreatedAt = changes.Now,
                UpdatedAt = changes.Now,
            }, $"direct job {i + 1} of {plates} by staff");
        }
        var ids = await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }
}
