using System.ComponentModel.DataAnnotations;
using PrintFarm.Printing.Connection;
using PrintFarm.Wire;
namespace PrintFarm.Agent;

/// <summary>
/// Everything <c>printfarm agent</c> reads from its JSON file and <c>PRINTFARM_AGENT__...</c> environment variables:
/// who the agent is, where its broker and coordinator are, and the printers next to it.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>The agent's id; also its MQTT user name and client id.</summary>
    public string AgentId { get; set; } = "";

    /// <summary><c>mqtt://AGENT_ID:AGENT_KEY@HOST:PORT</c> or <c>mqtts://...</c>.</summary>
    public string Broker { get; set; } = "";

    /// <summary>The coordinator's base URL; relative download URLs are resolved against it.</summary>
    public string Coordinator { get; set; } = "";

    /// <summary>The topic prefix of the MQTT contract.</summary>
    public string Prefix { get; set; } = Topics.DefaultPrefix;

    /// <summary>Downloaded G-code, the command journal and the event outbox; default <c>$PRINTFARM_AGENT_DATA</c> or <c>~/.local/share/printfarm-agent</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The longest wait between attempts to reach the broker or a missing printer port (the wait doubles from 1 s, with jitter).</summary>
    [Range(1d, 3600d, ErrorMessage = "must be between 1 and 3600")]
    public double ReconnectMaxSeconds { get; set; } = 5;

    /// <summary>A printer's retained state is published on every change and at least this often.</summary>
    [Range(1d, 3600d, ErrorMessage = "must be between 1 and 3600")]
    public double StateIntervalSeconds { get; set; } = 10;

    /// <summary>The largest G-code file the agent downloads.</summary>
    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int MaxDownloadMegabytes { get; set; } = 500;

    /// <summary>Give up on a download that has not finished after this long.</summary>
    [Range(1d, 86_400d, ErrorMessage = "must be between 1 and 86400")]
    public double DownloadTimeoutSeconds { get; set; } = 600;

    /// <summary>For <c>mqtts://</c> with a self-signed broker certificate: accept it anyway. Off by default.</summary>
    public bool AllowUntrustedBrokerCertificate { get; set; }

    /// <summary>The printers this agent drives.</summary>
    public List<AgentPrinterConfig> Printers { get; set; } = [];

    /// <summary>The folder relative paths are resolved against (the config file's folder).</summary>
    public string BaseDirectory { get; internal set; } = Directory.GetCurrentDirectory();

    /// <summary>The parsed <see cref="Broker"/>; valid once the loader has validated the options.</summary>
    public BrokerAddress GetBrokerAddress() => BrokerAddress.Parse(Broker);

    /// <summary>The agent key: the broker password, sent as <c>X-Api-Key</c> for downloads.</summary>
    public string GetAgentKey() => GetBrokerAddress().Password ?? "";

    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("PRINTFARM_AGENT_DATA") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "printfarm-agent");
}

/// <summary>A printer next to the agent: the same port forms as the coordinator's own printers.</summary>
public sealed class AgentPrinterConfig
{
    /// <summary>The printer's id as registered at the coordinator.</summary>
    public string Id { get; set; } = "";

    /// <summary><c>/dev/ttyACM0</c> (better a <c>/dev/serial/by-id/...</c> name), <c>tcp://HOST:PORT</c>, or <c>virtual</c>.</summary>
    public string Port { get; set; } = "";

    public int Baud { get; set; } = 115200;

    /// <summary>Firmware profile (<c>marlin</c>, <c>prusa</c>, <c>klipper</c>, <c>reprapfirmware</c>, <c>smoothieware</c>).</summary>
    public string Profile { get; set; } = "marlin";

    /// <summary>For <c>port: virtual</c>: the simulated board.</summary>
    public VirtualConfig? Virtual { get; set; }

    public bool IsVirtual => string.Equals(Port, "virtual", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the link goes, to open it with the printer-link code the coordinator uses too.</summary>
    internal LinkTarget ToLinkTarget() => new(Id, Port, Baud, Virtual);
}
