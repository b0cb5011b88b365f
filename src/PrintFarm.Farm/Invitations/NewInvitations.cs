namespace PrintFarm.Farm.Invitations;

/// <summary>What staff ask for: how many invitations, for which node, for how long, and a label.</summary>
public sealed record NewInvitations
{
    public const int MaxCount = 1000;
    public static readonly TimeSpan MinLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    public required string Node { get; init; }

    public int Count { get; init; } = 1;

    public TimeSpan Lifetime { get; init; } = DefaultLifetime;

    public string? Batch { get; init; }

    public string? Note { get; init; }
}

/// <summary>An invitation just made, with its code: the only time the code exists outside the person's hands.</summary>
public sealed record IssuedInvitation(Invitation Invitation, string Code);

/// <summary>A join: the invitation as used, and the maker key it made, with its secret (shown once).</summary>
public sealed record Joined(Invitation Invitation, PrintFarm.Farm.Access.IssuedApiKey Key);
