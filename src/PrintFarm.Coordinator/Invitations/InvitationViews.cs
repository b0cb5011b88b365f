using PrintFarm.Farm.Invitations;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Invitations;

/// <summary><c>POST /api/invitations</c>: how many, for which node, for how long, and a label for the batch.</summary>
public sealed record NewInvitationsRequest
{
    public string? Node { get; init; }

    public int? Count { get; init; }

    public double? ExpiresInHours { get; init; }

    public string? Batch { get; init; }

    public string? Note { get; init; }
}

/// <summary><c>POST /api/invitations/revoke</c>: revoke a whole batch.</summary>
public sealed record RevokeBatchRequest
{
    public string? Batch { get; init; }
}

/// <summary>An invitation as staff see it: never its code (only its hash is stored).</summary>
public sealed record InvitationView(long Id, string State, string Node, string? Batch, string? Note, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? UsedAt, string? UsedBy, long? KeyId)
{
    public static InvitationView From(Invitation i, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new InvitationView(i.Id, WireNames.Of(i.StateAt(now)), i.Node, i.Batch, i.Note, i.CreatedBy, i.CreatedAt, i.ExpiresAt, i.RevokedAt, i.UsedAt,
            i.UsedBy, i.KeyId);
    }
}

/// <summary>One invitation just made: its code and link, in this answer only.</summary>
public sealed record IssuedInvitationView(long Id, string Code, string Link, DateTimeOffset ExpiresAt);

/// <summary>The answer to making invitations.</summary>
public sealed record InvitationsCreated(int Count, string Node, string NodeName, string? Batch, DateTimeOffset ExpiresAt, IReadOnlyList<IssuedInvitationView> Invitations);

/// <summary><c>GET /api/join/{code}</c> for an open invitation: where the maker's parts will go, and the terms.</summary>
public sealed record JoinCheck(bool Valid, string Node, string NodeName, DateTimeOffset ExpiresAt, string Terms, string? TermsUrl);

/// <summary><c>POST /api/join</c>.</summary>
public sealed record JoinRequest
{
    public string? Code { get; init; }

    public string? DisplayName { get; init; }

    public bool? AcceptTerms { get; init; }
}

/// <summary>The answer to a join: the maker key (shown once) and where to go next.</summary>
public sealed record JoinedView(string Key, long KeyId, string Name, string Owner, string Node, string NodeName, string DashboardUrl, JoinNext Next);

/// <summary>The next steps of a new maker, as routes.</summary>
public sealed record JoinNext(string PrinterPresets, string RegisterPrinter, string AgentConfig);
