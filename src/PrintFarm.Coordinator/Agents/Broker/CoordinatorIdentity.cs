using System.Security.Cryptography;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// The coordinator's own MQTT login on the embedded broker: user <see cref="UserName"/> and a password made fresh
/// at every start, known only inside the process. The broker lets this identity publish and subscribe anywhere
/// under the prefix; agents get only their own printers' topics.
/// </summary>
public sealed class CoordinatorIdentity
{
    public const string UserName = "printfarm-coordinator";

    public string Password { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
