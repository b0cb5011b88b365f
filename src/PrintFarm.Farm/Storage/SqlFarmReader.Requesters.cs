using PrintFarm.Farm.Requesters;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmReader
{
    /// <summary>The created requesters, then the ones only demands name, with their demands' kind and first demand's time.</summary>
    public async Task<IReadOnlyList<Requester>> ListRequestersAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(
            $"SELECT {SqlFarmTransaction.RequesterColumns} FROM requesters UNION ALL "
            + "SELECT requester, MIN(requester_kind), '', MIN(created_at) FROM demands WHERE requester NOT IN (SELECT name FROM requesters) GROUP BY requester",
            SqlFarmTransaction.ReadRequester, cancellationToken);
        // Sorted here, so SQLite and PostgreSQL (whose collation may differ) list them alike.
        return rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyDictionary<string, long>> CountOpenDemandsByRequesterAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT requester, COUNT(*) FROM demands WHERE state = 'open' GROUP BY requester", r => (r.GetString(0), r.GetInt64(1)), cancellationToken))
        .ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
}
