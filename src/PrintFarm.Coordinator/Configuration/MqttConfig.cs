namespace PrintFarm.Coordinator.Configuration;

/// <summary>
/// How the coordinator reaches remote printers: the embedded MQTT broker (the default) or an external one
/// (Mosquitto, EMQX) given as <see cref="External"/>.
/// </summary>
public sealed class MqttConfig
{
    /// <summary>Run the embedded broker (ignored when <see cref="External"/> is set).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The embedded broker's address; loopback by default, <c>0.0.0.0</c> to take agents from the network.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>A TLS port for the embedded broker, with <see cref="Certificate"/> (PEM or PFX) and <see cref="CertificateKey"/> (PEM).</summary>
    public int? TlsPort { get; set; }

    public string? Certificate { get; set; }

    public string? CertificateKey { get; set; }

    /// <summary><c>mqtt://USER:PASS@HOST:PORT</c> or <c>mqtts://...</c>: be a client of that broker instead.</summary>
    public string? External { get; set; }

    /// <summary>The topic prefix of the contract.</summary>
    public string Prefix { get; set; } = "printfarm/v1";

    /// <summary>After an agent is seen offline (last will, or no state for <see cref="StaleSeconds"/>), its printers' jobs are interrupted after this.</summary>
    public double OfflineGraceSeconds { get; set; } = 120;

    /// <summary>An agent that published no state for this long counts as offline.</summary>
    public double StaleSeconds { get; set; } = 30;
}
