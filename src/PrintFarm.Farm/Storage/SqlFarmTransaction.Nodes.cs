using System.Data.Common;
using PrintFarm.Farm.Nodes;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string NodeColumns = "id, name, created_by, created_at";

    public Task InsertNodeAsync(CollectionNode node, CancellationToken cancellationToken = default) =>
        ExecuteAsync("INSERT INTO nodes (id, name, created_by, created_at) VALUES (@id, @name, @by, @at)", cancellationToken,
            ("@id", node.Id), ("@name", node.Name), ("@by", node.CreatedBy), ("@at", Ms(node.CreatedAt)));

    public async Task<CollectionNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {NodeColumns} FROM nodes WHERE id = @id", ReadNode, cancellationToken, ("@id", id))).FirstOrDefault();

    internal static CollectionNode ReadNode(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        CreatedBy = r.GetString(2),
        CreatedAt = At(r.GetInt64(3)),
    };
}
