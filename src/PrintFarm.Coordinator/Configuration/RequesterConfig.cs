namespace PrintFarm.Coordinator.Configuration;

/// <summary>A requester, by its name in <c>requesters</c>: a hospital, a care home or a social service that asks for parts.</summary>
public sealed class RequesterConfig
{
    /// <summary><c>hospital</c>, <c>social-service</c>, <c>care-home</c> or <c>other</c>.</summary>
    public string? Kind { get; set; }
}
