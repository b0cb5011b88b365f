using System.Data.Common;
using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Requesters;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string RequesterColumns = "name, kind, created_by, created_at";

    public Task InsertRequesterAsync(Requester requester, CancellationToken cancellationToken = default) =>
        ExecuteAsync("INSERT INTO requesters (name, kind, created_by, created_at) VALUES (@name, @kind, @by, @at)", cancellationToken,
            ("@name", requester.Name), ("@kind", StoredNames.Of(requester.Kind)), ("@by", requester.CreatedBy), ("@at", Ms(requester.CreatedAt)));

    public async Task<Requester?> GetRequesterAsync(string name, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {RequesterColumns} FROM requesters WHERE name = @name", ReadRequester, cancellationToken, ("@name", name))).FirstOrDefault();

    internal static Requester ReadRequester(DbDataReader r) => new()
    {
        Name = r.GetString(0),
        Kind = StoredNames.Parse<RequesterKind>(r.GetString(1)),
        CreatedBy = r.GetString(2),
        CreatedAt = At(r.GetInt64(3)),
    };
}
