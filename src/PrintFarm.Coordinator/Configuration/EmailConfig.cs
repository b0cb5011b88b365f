using System.ComponentModel.DataAnnotations;

namespace PrintFarm.Coordinator.Configuration;

/// <summary>
/// The SMTP server e-mail notifications go out through. Without a <see cref="Host"/> no e-mail is sent (recipients
/// can still be added, and hear of nothing until it is set).
/// </summary>
public sealed class EmailConfig
{
    /// <summary>The SMTP server's name or address, such as <c>smtp.example.org</c>.</summary>
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "must be between 1 and 65535")]
    public int Port { get; set; } = 587;

    /// <summary><c>starttls</c> (the default: port 587), <c>tls</c> (port 465) or <c>none</c> (a relay on loopback only).</summary>
    public string Security { get; set; } = "starttls";

    /// <summary>The SMTP login; none when unset.</summary>
    public string? User { get; set; }

    /// <summary>The SMTP password; better kept out of the file with <c>PRINTFARM__EMAIL__PASSWORD</c>.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, such as <c>PrintFarm &lt;farm@example.org&gt;</c>.</summary>
    public string From { get; set; } = "PrintFarm <printfarm@localhost>";

    /// <summary>At most one message of each kind to each address in this many seconds; what happens meanwhile waits for the next.</summary>
    [Range(1d, 86_400d, ErrorMessage = "must be between 1 and 86400")]
    public double WindowSeconds { get; set; } = 600;

    /// <summary>How long the first event of a kind waits for others to go out with it.</summary>
    [Range(0d, 3600d, ErrorMessage = "must be between 0 and 3600")]
    public double GatherSeconds { get; set; } = 30;

    /// <summary>One connection, login and message's time limit, in seconds.</summary>
    [Range(1d, 600d, ErrorMessage = "must be between 1 and 600")]
    public double TimeoutSeconds { get; set; } = 30;
}
