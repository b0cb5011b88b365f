using System.Globalization;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Nodes;
using PrintFarm.Farm.Storage;

namespace PrintFarm.Farm.Invitations;

/// <summary>
/// Invitations to join as a maker: made singly or in batches by staff, each bound to a collection node, revoked singly
/// or by batch, and used once. A join makes a maker key bound to the invitation's node in the same transaction that
/// marks the invitation used, so two joins with one code cannot both succeed. Everything is audited.
/// </summary>
public sealed class InvitationBook
{
    public const int MaxDisplayName = 60;
    public const int MaxLabel = 100;
    public const int MaxNote = 500;

    private readonly IFarmStore _store;
    private readonly TimeProvider _time;

    public InvitationBook(IFarmStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The book's own clock, by which states are judged.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    public async Task<IReadOnlyList<IssuedInvitation>> CreateAsync(NewInvitations request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = NodeBook.Validate(request.Node, null).Id;
        if (request.Count is < 1 or > NewInvitations.MaxCount)
            throw new FarmValidationException($"count: between 1 and {NewInvitations.MaxCount} invitations at once (got {request.Count})");
        if (request.Lifetime < NewInvitations.MinLifetime || request.Lifetime > NewInvitations.MaxLifetime)
            throw new FarmValidationException($"expiresInHours: between {NewInvitations.MinLifetime.TotalHours:0} and {NewInvitations.MaxLifetime.TotalHours:0} hours");
        var batch = Label(request.Batch, "batch", MaxLabel);
        var note = Label(request.Note, "note", MaxNote);
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        var issued = new List<IssuedInvitation>(request.Count);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        for (var i = 0; i < request.Count; i++)
        {
            var code = InvitationCode.New();
            var invitation = new Invitation
            {
                Hash = InvitationCode.Hash(InvitationCode.Normalise(code)!), Node = node, Batch = batch, Note = note, CreatedBy = actor,
                CreatedAt = Ms(changes.Now), ExpiresAt = Ms(changes.Now + request.Lifetime),
            };
            invitation = invitation with { Id = await transaction.InsertInvitationAsync(invitation, cancellationToken) };
            issued.Add(new IssuedInvitation(invitation, code));
        }
        var ids = issued.Count == 1 ? issued[0].Invitation.Id.ToString(CultureInfo.InvariantCulture) : $"{issued[0].Invitation.Id}-{issued[^1].Invitation.Id}";
        changes.Audit("invitation.created", $"invitation:{ids}",
            $"{issued.Count} for node {node}{(batch is null ? "" : ", batch " + batch)}, until {issued[0].Invitation.ExpiresAt:u}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }

    /// <summary>Revokes one open invitation; a used, revoked or unknown one is refused.</summary>
    public async Task<Invitation> RevokeAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var invitation = await transaction.GetInvitationAsync(id, cancellationToken) ?? throw new FarmNotFoundException($"unknown invitation {id}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        if (invitation.UsedAt is not null)
            throw new FarmConflictException($"invitation {id} was used already (by {invitation.UsedBy}); revoke that maker's key instead");
        if (invitation.RevokedAt is not null)
            throw new FarmConflictException($"invitation {id} is revoked already");
        await transaction.RevokeInvitationsAsync([id], actor, changes.Now, cancellationToken);
        changes.Audit("invitation.revoked", $"invitation:{id}", $"node {invitation.Node}{(invitation.Batch is null ? "" : ", batch " + invitation.Batch)}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return invitation with { RevokedAt = Ms(changes.Now), RevokedBy = actor };
    }

    /// <summary>Revokes every invitation of a batch that is neither used nor revoked yet; returns how many.</summary>
    public async Task<int> RevokeBatchAsync(string batch, string actor, CancellationToken cancellationToken = default)
    {
        var label = Label(batch, "batch", MaxLabel) ?? throw new FarmValidationException("batch: name the batch to revoke");
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var ids = await transaction.ListRevocableInvitationsAsync(label, cancellationToken);
        if (ids.Count == 0)
            throw new FarmNotFoundException($"no open invitations in batch {label}");
        var changes = new ChangeSet(_time.GetUtcNow(), actor);
        await transaction.RevokeInvitationsAsync(ids, actor, changes.Now, cancellationToken);
        changes.Audit("invitation.revoked", $"invitation-batch:{label}", $"{ids.Count} invitations");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>The open invitation with this code, or a refusal saying only whether it is unknown, used, expired or revoked.</summary>
    public async Task<Invitation> CheckAsync(string? code, CancellationToken cancellationToken = default)
    {
        var normalised = InvitationCode.Normalise(code) ?? throw new InvitationRefusedException((InvitationState?)null);
        var invitation = await _store.Reader.FindInvitationAsync(InvitationCode.Hash(normalised), cancellationToken) ?? throw new InvitationRefusedException((InvitationState?)null);
        var state = invitation.StateAt(_time.GetUtcNow());
        return state == InvitationState.Open ? invitation : throw new InvitationRefusedException(state);
    }

    /// <summary>
    /// Uses the invitation once: a maker key named after <paramref name="displayName"/>, with an owner id made from it
    /// (unique: <c>anna</c>, <c>anna-2</c>...), bound to the invitation's node. The invitation is marked used by a
    /// conditional update in the same transaction, so of two joins with one code exactly one wins.
    /// </summary>
    public async Task<Joined> JoinAsync(string? code, string? displayName, CancellationToken cancellationToken = default)
    {
        var name = displayName?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxDisplayName || !TextRules.IsPlain(name))
            throw new FarmValidationException($"displayName: 1 to {MaxDisplayName} characters, without control or bidirectional characters");
        var normalised = InvitationCode.Normalise(code) ?? throw new InvitationRefusedException((InvitationState?)null);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var invitation = await transaction.FindInvitationAsync(InvitationCode.Hash(normalised), cancellationToken) ?? throw new InvitationRefusedException((InvitationState?)null);
        var now = _time.GetUtcNow();
        var state = invitation.StateAt(now);
        if (state != InvitationState.Open)
            throw new InvitationRefusedException(state);
        var baseId = MakerOwnerIds.From(name);
        string? owner = null;
        for (var n = 1; n < 10_000 && owner is null; n++)
        {
            var candidate = MakerOwnerIds.Candidate(baseId, n);
            if (!await transaction.IsOwnerTakenAsync(candidate, cancellationToken))
                owner = candidate;
        }
        if (owner is null)
            throw new FarmConflictException($"no free owner id for \"{name}\"; choose another display name");
        var actor = $"maker:{name}";
        var changes = new ChangeSet(now, actor);
        var issued = ApiKeyBook.NewKey(name, ApiRole.Maker, owner, invitation.Node, now);
        var key = issued.Key with { Id = await transaction.InsertApiKeyAsync(issued.Key, cancellationToken) };
        if (!await transaction.ClaimInvitationAsync(invitation.Id, owner, key.Id, now, cancellationToken))
            throw new InvitationRefusedException(InvitationState.Used);
        changes.Audit("apikey.created", $"apikey:{key.Id}", $"\"{name}\", maker for {owner}, node {invitation.Node}, {key.Prefix}... (invitation {invitation.Id})");
        changes.Audit("invitation.used", $"invitation:{invitation.Id}", $"\"{name}\" joined as maker {owner}, key {key.Id}, node {invitation.Node}");
        await changes.WriteAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Joined(invitation with { UsedAt = Ms(now), UsedBy = owner, KeyId = key.Id }, new IssuedApiKey(key, issued.Secret));
    }

    public Task<PrintFarm.Farm.Queries.Page<Invitation>> ListAsync(InvitationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.Reader.ListInvitationsAsync(query, _time.GetUtcNow(), cancellationToken);
    }

    private static string? Label(string? text, string field, int max)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
            return null;
        if (t.Length > max || !TextRules.IsPlain(t))
            throw new FarmValidationException($"{field}: at most {max} characters, without control or bidirectional characters");
        return t;
    }

    /// <summary>To the millisecond, as the store keeps times.</summary>
    private static DateTimeOffset Ms(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
