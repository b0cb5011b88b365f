using System.Data.Common;
using PrintFarm.Farm.Demand;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string DemandColumns = "id, requester, requester_kind, design_id, quantity, priority, needed_by, node, state, delivered, created_at";

    public async Task<long> InsertDemandAsync(DemandRecord demand, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "INSERT INTO demands (requester, requester_kind, design_id, quantity, priority, needed_by, node, state, delivered, created_at) "
            + "VALUES (@requester, @kind, @design, @quantity, @priority, @needed, @node, @state, @delivered, @created) RETURNING id",
            ("@requester", demand.Requester), ("@kind", StoredNames.Of(demand.RequesterKind)), ("@design", demand.DesignId),
            ("@quantity", (long)demand.Quantity), ("@priority", (long)demand.Priority), ("@needed", Ms(demand.NeededBy)), ("@node", demand.Node),
            ("@state", StoredNames.Of(demand.State)), ("@delivered", (long)demand.Delivered), ("@created", Ms(demand.CreatedAt)));
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        _changed.Demand(demand with { Id = id });
        return id;
    }

    public async Task<DemandRecord?> GetDemandAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {DemandColumns} FROM demands WHERE id = @id{_dialect.LockRows}", ReadDemand, cancellationToken, ("@id", id)))
        .FirstOrDefault();

    public Task UpdateDemandAsync(DemandRecord demand, CancellationToken cancellationToken = default)
    {
        _changed.Demand(demand);
        return ExecuteAsync("UPDATE demands SET quantity = @quantity, priority = @priority, needed_by = @needed, state = @state, delivered = @delivered WHERE id = @id",
            cancellationToken, ("@id", demand.Id), ("@quantity", (long)demand.Quantity), ("@priority", (long)demand.Priority),
            ("@needed", Ms(demand.NeededBy)), ("@state", StoredNames.Of(demand.State)), ("@delivered", (long)demand.Delivered));
    }

    public async Task<IReadOnlyList<DemandRecord>> ListDemandsAsync(bool openOnly, CancellationToken cancellationToken = default) =>
        await QueryAsync(
            $"SELECT {DemandColumns} FROM demands{(openOnly ? " WHERE state = 'open'" : "")} ORDER BY id", ReadDemand, cancellationToken);

    internal static DemandRecord ReadDemand(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Requester = r.GetString(1),
        RequesterKind = StoredNames.Parse<RequesterKind>(r.GetString(2)),
        DesignId = r.GetString(3),
        Quantity = (int)r.GetInt64(4),
        Priority = (int)r.GetInt64(5),
        NeededBy = NullableAt(r, 6),
        Node = r.GetString(7),
        State = StoredNames.Parse<DemandState>(r.GetString(8)),
        Delivered = (int)r.GetInt64(9),
        CreatedAt = At(r.GetInt64(10)),
    };
}
