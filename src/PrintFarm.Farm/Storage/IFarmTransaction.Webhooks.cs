namespace PrintFarm.Farm.Storage;

public partial interface IFarmTransaction
{
    /// <summary>Removes delivered deliveries, many to a statement.</summary>
    Task DeleteWebhookDeliveriesAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default);
}
