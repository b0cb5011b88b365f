namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>Who an MQTT connection is, decided by its user name and password (never by its client id).</summary>
/// <param name="UserName">The coordinator's <see cref="CoordinatorIdentity.UserName"/>, or the agent's id.</param>
/// <param name="IsCoordinator">The coordinator: anything under the prefix. Otherwise an agent: its own topics only.</param>
public sealed record BrokerIdentity(string UserName, bool IsCoordinator)
{
    public static readonly BrokerIdentity Coordinator = new(CoordinatorIdentity.UserName, true);

    public static BrokerIdentity Agent(string agentId) => new(agentId, false);
}
