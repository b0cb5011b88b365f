namespace PrintFarm.Farm.Invitations;

/// <summary>
/// An invitation to join the farm as a maker, bound to one collection node. Its code is never stored: only its SHA-256
/// (<see cref="Hash"/>), as for API keys. Used once; a join makes a maker key bound to <see cref="Node"/>.
/// </summary>
public sealed record Invitation
{
    public long Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the normalised code (<see cref="InvitationCode.Normalise"/>).</summary>
    public required string Hash { get; init; }

    /// <summary>The collection node the maker's printers will deliver to.</summary>
    public required string Node { get; init; }

    /// <summary>A label staff give a batch (<c>gracia-2026-12</c>), to list and revoke it together.</summary>
    public string? Batch { get; init; }

    public string? Note { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>The owner id of the maker who joined with it.</summary>
    public string? UsedBy { get; init; }

    /// <summary>The maker key the join made.</summary>
    public long? KeyId { get; init; }

    /// <summary>Its state at <paramref name="now"/>: used and revoked win over expired.</summary>
    public InvitationState StateAt(DateTimeOffset now) =>
        UsedAt is not null ? InvitationState.Used
        : RevokedAt is not null ? InvitationState.Revoked
        : ExpiresAt <= now ? InvitationState.Expired
        : InvitationState.Open;
}

public enum InvitationState
{
    Open,
    Used,
    Expired,
    Revoked,
}
