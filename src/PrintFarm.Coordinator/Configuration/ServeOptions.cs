using System.ComponentModel.DataAnnotations;
namespace PrintFarm.Coordinator.Configuration;

/// <summary>
/// Everything <c>printfarm serve</c> reads from its JSON file and <c>PRINTFARM__...</c> environment variables.
/// Every property has a working default, so an empty file (or none) runs an empty farm on loopback.
/// </summary>
public sealed class ServeOptions
{
    /// <summary>Where the HTTP API listens; several separated by <c>;</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5180";

    /// <summary>Data directory (SQLite file, G-code store, admin key); default <c>$PRINTFARM_DATA</c> or <c>~/.local/share/printfarm</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>PostgreSQL connection string; SQLite in the data directory when unset.</summary>
    public string? Postgres { get; set; }

    /// <summary>The largest G-code upload accepted, in megabytes.</summary>
    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int MaxUploadMegabytes { get; set; } = 200;

    /// <summary>
    /// The address people and agents reach the coordinator at, such as <c>https://farm.example.org</c>, for the links it
    /// hands out (upload resources, agents' broker address). Unset: the first of <see cref="Urls"/>. The request's
    /// <c>Host</c> header is never used.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (IP addresses); empty: none,
    /// and the connection's own address is the client's.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The base of the links the coordinator hands out, without a trailing slash.</summary>
    public Uri PublicBase => new((PublicUrl ?? Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]).TrimEnd('/'));

    /// <summary>The largest request body other than an upload (JSON), in kilobytes.</summary>
    [Range(16, 1_048_576, ErrorMessage = "must be between 16 and 1048576")]
    public int MaxJsonKilobytes { get; set; } = 1024;

    /// <summary>A .gcode.gz upload may expand to this many times <see cref="MaxUploadMegabytes"/> (10 x 200 MB = 2 GB), no more.</summary>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int MaxGcodeExpansion { get; set; } = 10;

    /// <summary>Seconds between scheduling rounds (a round also runs at once after any change that may need one).</summary>
    [Range(0.05, 3600d, ErrorMessage = "must be between 0.05 and 3600")]
    public double SchedulerIntervalSeconds { get; set; } = 2;

    /// <summary>Printers heating at once per site, unless the site says otherwise.</summary>
    [Range(1, 10_000, ErrorMessage = "must be at least 1")]
    public int MaxHeatingPerSite { get; set; } = 4;

    /// <summary>
    /// How long after its start a printer still counts as heating for its site's limit. Real printers: 300.
    /// A demo running faster than real time shortens it to match.
    /// </summary>
    [Range(0d, 86_400d, ErrorMessage = "must be between 0 and 86400")]
    public double HeatUpSeconds { get; set; } = 300;

    /// <summary>The longest wait between attempts to reach a missing printer port (the wait doubles from 1 s, with jitter).</summary>
    [Range(1d, 3600d, ErrorMessage = "must be between 1 and 3600")]
    public double ReconnectMaxSeconds { get; set; } = 30;

    /// <summary>Failed key checks from one address allowed per minute before it gets 429.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int AuthFailuresPerMinute { get; set; } = 20;

    /// <summary>New application key requests (<c>POST /plugin/appkeys/request</c>) taken per address per minute before 429.</summary>
    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int AppKeyRequestsPerMinute { get; set; } = 10;

    /// <summary>Application key polls and probes taken per address per minute before 429 (an application polls once a second).</summary>
    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int AppKeyPollsPerMinute { get; set; } = 120;

    /// <summary>
    /// Put jobs that a stop or crash interrupted back in the queue at start (they keep their attempt count).
    /// Off by default: staff usually look at the plate first. The demo turns it on.
    /// </summary>
    public bool RequeueInterrupted { get; set; }

    /// <summary>A printer offline for this many minutes is told of (<c>printer.offline</c>, by webhook and e-mail).</summary>
    [Range(0.05d, 10_080d, ErrorMessage = "must be between 0.05 and 10080")]
    public double OfflineNoticeMinutes { get; set; } = 15;

    /// <summary>The SMTP server e-mail notifications go out through; none by default.</summary>
    public EmailConfig Email { get; set; } = new();

    /// <summary>The MQTT side: embedded broker or external broker, topic prefix, offline detection.</summary>
    public MqttConfig Mqtt { get; set; } = new();

    /// <summary>Joining by invitation: the terms shown, and the per-address limits on the anonymous join routes.</summary>
    public JoinConfig Join { get; set; } = new();

    /// <summary>Sites by id, with their own heating limit.</summary>
    public Dictionary<string, SiteConfig> Sites { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Collection nodes by id, with the name people know them by; created at start when missing.</summary>
    public Dictionary<string, NodeConfig> Nodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Requesters by name, with their kind; created at start when missing.</summary>
    public Dictionary<string, RequesterConfig> Requesters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Printers driven by this coordinator: serial ports, TCP bridges and in-process virtual printers.</summary>
    public List<PrinterConfig> Printers { get; set; } = [];

    /// <summary>Designs and their sliced variants, added at start when missing.</summary>
    public List<DesignConfig> Designs { get; set; } = [];

    /// <summary>Demands entered at start when no demand of the same requester, design and node exists.</summary>
    public List<DemandConfig> Demands { get; set; } = [];

    /// <summary>The folder relative file names in the config are resolved against (the config file's folder).</summary>
    public string BaseDirectory { get; internal set; } = Directory.GetCurrentDirectory();

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;

    /// <summary>The most bytes a compressed upload may expand to.</summary>
    public long MaxDecompressedBytes => MaxUploadBytes * MaxGcodeExpansion;

    /// <summary>The largest JSON request body, in bytes.</summary>
    public long MaxJsonBytes => MaxJsonKilobytes * 1024L;
}
