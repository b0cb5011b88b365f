namespace PrintFarm.Farm.Invitations;

/// <summary>Filters for listing invitations, newest first.</summary>
public sealed record InvitationQuery
{
    public InvitationState? State { get; init; }

    public string? Node { get; init; }

    public string? Batch { get; init; }

    public int Limit { get; init; } = 100;

    public int Offset { get; init; }
}
