using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Nodes;

/// <summary>
/// Creates collection nodes, each with an id for demands and printers to name and a name for people. A node is also
/// known once a printer delivers to it or parts lie there; creating one first lets a requester's demand go to a node
/// that no maker has chosen yet.
/// </summary>
public sealed class NodeBook
{
    public const int MaxIdLength = 100;
    public const int MaxNameLength = 200;

    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public NodeBook(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Creates a node; one that exists already is a conflict, unless <paramref name="existingIsFine"/> (the config file, at every start).</summary>
    public async Task<CollectionNode> CreateAsync(string id, string name, string actor, bool existingIsFine = false, CancellationToken cancellationToken = default)
    {
        var trimmed = Validate(id, name);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        if (await transaction.GetNodeAsync(trimmed.Id, cancellationToken) is { } existing)
            return existingIsFine ? existing : throw new FarmConflictException($"node {trimmed.Id} exists already ({existing.Name})");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var node = trimmed with { CreatedBy = actor, CreatedAt = changes.Now };
        await transaction.InsertNodeAsync(node, cancellationToken);
        changes.Audit("node.created", $"node:{node.Id}", node.Name);
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return node;
    }

    /// <summary>The rules for a node's id and name, as a pure check: a trimmed node, or a refusal that says what is wrong.</summary>
    public static CollectionNode Validate(string? id, string? name)
    {
        var i = id?.Trim() ?? "";
        var n = string.IsNullOrWhiteSpace(name) ? i : name.Trim();
        if (i.Length == 0 || i.Length > MaxIdLength || i.Contains('/', StringComparison.Ordinal) || i.Any(char.IsWhiteSpace) || !TextRules.IsPlain(i))
            throw new FarmValidationException($"a node needs an id of 1 to {MaxIdLength} characters without spaces, '/' or control characters (got \"{TextRules.Printable(id)}\")");
        if (n.Length > MaxNameLength || !TextRules.IsPlain(n))
            throw new FarmValidationException($"node {i}: the name may have at most {MaxNameLength} characters and no control or bidirectional characters");
        return new CollectionNode { Id = i, Name = n };
    }
}
