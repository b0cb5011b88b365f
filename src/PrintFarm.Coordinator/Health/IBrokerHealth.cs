namespace PrintFarm.Coordinator.Health;

/// <summary>
/// What <c>/healthz</c> needs to know of MQTT, whichever broker is in use. The broker's own status implements it, so
/// Health depends on no other folder and Agents may use Health's retried writes without a loop between the two.
/// </summary>
public interface IBrokerHealth
{
    /// <summary>False while an embedded broker that should listen does not.</summary>
    bool Healthy { get; }

    /// <summary><c>ok</c>, <c>external: host:port</c>, <c>disabled</c>, <c>starting</c> or <c>failing: why</c>.</summary>
    string Describe();

    /// <summary>Clients on the embedded broker, the coordinator's own included; null for an external or no broker.</summary>
    int? Clients { get; }
}
