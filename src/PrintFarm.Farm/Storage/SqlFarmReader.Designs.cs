using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    public Task<Page<Design>> ListDesignsAsync(DesignQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter()
            .Equal("approval", query.Approval is { } approval ? StoredNames.Of(approval) : null)
            .Equal("category", query.Category);
        return PageAsync(SqlFarmTransaction.DesignColumns, "designs", filter, "id", query.Limit, query.Offset, SqlFarmTransaction.ReadDesign, cancellationToken);
    }

    public Task<Design?> GetDesignAsync(string id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.DesignColumns} FROM designs WHERE id = @id", SqlFarmTransaction.ReadDesign, cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<Variant>> ListVariantsAsync(string designId, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.VariantColumns} FROM variants WHERE design_id = @d ORDER BY id",
            SqlFarmTransaction.ReadVariant, cancellationToken, ("@d", designId));

    public async Task<IReadOnlyList<Variant>> ListVariantsBySha256Async(string sha256, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {SqlFarmTransaction.VariantColumns} FROM variants WHERE sha256 = @sha ORDER BY id",
            SqlFarmTransaction.ReadVariant, cancellationToken, ("@sha", sha256));

    public Task<Variant?> GetVariantAsync(string id, CancellationToken cancellationToken = default) =>
        SingleAsync($"SELECT {SqlFarmTransaction.VariantColumns} FROM variants WHERE id = @id", SqlFarmTransaction.ReadVariant, cancellationToken, ("@id", id));
}
