namespace PrintFarm.Printing.Connection;

/// <summary>
/// Where a printer's link goes, in the port forms the coordinator's and the agent's config files share:
/// <c>/dev/ttyACM0</c>, <c>tcp://HOST:PORT</c>, <c>virtual</c> (an in-process virtual printer), or <c>mqtt</c>
/// (a serial-to-MQTT bridge, which only the coordinator drives).
/// </summary>
/// <param name="Id">The printer's id: names the link in logs, and seeds a virtual printer.</param>
public sealed record LinkTarget(string Id, string Port, int Baud, VirtualConfig? Virtual = null)
{
    public bool IsVirtual => string.Equals(Port, "virtual", StringComparison.OrdinalIgnoreCase);

    public bool IsMqtt => string.Equals(Port, "mqtt", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="port"/> is one of the port forms: a device path, <c>tcp://HOST:PORT</c>, <c>virtual</c>, or (where allowed) <c>mqtt</c>.</summary>
    public static bool IsPortForm(string? port, bool allowMqtt) =>
        !string.IsNullOrWhiteSpace(port)
        && (string.Equals(port, "virtual", StringComparison.OrdinalIgnoreCase)
            || (allowMqtt && string.Equals(port, "mqtt", StringComparison.OrdinalIgnoreCase))
            || port.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            || port.StartsWith('/'));
}
