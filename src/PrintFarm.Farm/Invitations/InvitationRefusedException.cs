namespace PrintFarm.Farm.Invitations;

/// <summary>
/// A code that cannot be used to join: unknown (<see cref="State"/> null), or used, expired or revoked. The message says
/// only that, never the node or who used it.
/// </summary>
public sealed class InvitationRefusedException : Exception
{
    public InvitationRefusedException(InvitationState? state)
        : base(MessageFor(state))
    {
        State = state;
    }

    public InvitationRefusedException()
        : this((InvitationState?)null)
    {
    }

    public InvitationRefusedException(string message)
        : base(message)
    {
    }

    public InvitationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvitationState? State { get; }

    private static string MessageFor(InvitationState? state) => state switch
    {
        InvitationState.Used => "this invitation has been used already; each invitation works once. Ask for a new one",
        InvitationState.Expired => "this invitation has expired. Ask for a new one",
        InvitationState.Revoked => "this invitation was withdrawn. Ask for a new one",
        _ => "no invitation has this code; check it was typed as printed (8 letters and digits, like K7QM-4TXP)",
    };
}
