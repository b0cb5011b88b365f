namespace PrintFarm.Farm.Access;

/// <summary>
/// A stored API key. The secret itself is never stored: only its SHA-256 (<see cref="Hash"/>) and its first characters
/// (<see cref="Prefix"/>) to tell keys apart on screen.
/// </summary>
public sealed record ApiKey
{
    public long Id { get; init; }

    /// <summary>What the key is for, for example <c>agent on joan's printers</c>.</summary>
    public required string Name { get; init; }

    public required ApiRole Role { get; init; }

    /// <summary>The maker a <see cref="ApiRole.Maker"/> key acts for; null for the other roles.</summary>
    public string? Owner { get; init; }

    /// <summary>Set on a per-printer key: it acts for this printer only.</summary>
    public string? PrinterId { get; init; }

    /// <summary>Set on a maker key made by an invitation: the collection node its printers deliver to, and no other.</summary>
    public string? Node { get; init; }

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 bytes.</summary>
    public required string Hash { get; init; }

    /// <summary>The first 8 characters of the secret, for display.</summary>
    public required string Prefix { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;
}
