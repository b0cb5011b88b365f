using PrintFarm.Farm.Demand;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Requesters;

/// <summary>
/// Creates requesters, each with the name its demands carry and its kind. A requester is also known once a demand
/// names it (the demands entered before the list existed); creating one first is how a new hospital or care home
/// gets its first demand.
/// </summary>
public sealed class RequesterBook
{
    public const int MaxNameLength = 200;

    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public RequesterBook(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The kinds as the API and the config spell them: <c>hospital, social-service, care-home, other</c>.</summary>
    public static string ValidKinds => string.Join(", ", Enum.GetValues<RequesterKind>().Select(StoredNames.Of));

    /// <summary>Creates a requester; one created before is a conflict, unless <paramref name="existingIsFine"/> (the config file, at every start).</summary>
    public async Task<Requester> CreateAsync(string? name, RequesterKind? kind, string actor, bool existingIsFine = false, CancellationToken cancellationToken = default)
    {
        var trimmed = Validate(name, kind);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (await transaction.GetRequesterAsync(trimmed.Name, cancellationToken) is { } existing)
            return existingIsFine ? existing : throw new FarmConflictException($"requester {existing.Name} exists already ({StoredNames.Of(existing.Kind)})");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var requester = trimmed with { CreatedBy = actor, CreatedAt = changes.Now };
        await transaction.InsertRequesterAsync(requester, cancellationToken);
        changes.Audit("requester.created", $"requester:{requester.Name}", StoredNames.Of(requester.Kind));
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return requester;
    }

    /// <summary>The rules for a requester's name and kind, as a pure check: a trimmed requester, or a refusal that says what is wrong.</summary>
    public static Requester Validate(string? name, RequesterKind? kind)
    {
        var n = name?.Trim() ?? "";
        if (n.Length == 0 || n.Length > MaxNameLength || !TextRules.IsPlain(n))
            throw new FarmValidationException($"a requester needs a name of 1 to {MaxNameLength} characters without control or bidirectional characters (got \"{TextRules.Printable(name)}\")");
        if (LedgerKey.IsStockName(n))
            throw new FarmValidationException($"\"{n}\" is the name of stock, not a requester");
        if (kind is not { } k || !Enum.IsDefined(k))
            throw new FarmValidationException($"requester {n}: the kind is one of {ValidKinds}");
        return new Requester { Name = n, Kind = k };
    }

    /// <summary>A kind as the config spells it (<c>care-home</c>), or null when it is none of <see cref="ValidKinds"/>.</summary>
    public static RequesterKind? ParseKind(string? text) =>
        Enum.GetValues<RequesterKind>().Where(k => StoredNames.Of(k) == text).Select(k => (RequesterKind?)k).FirstOrDefault();
}
