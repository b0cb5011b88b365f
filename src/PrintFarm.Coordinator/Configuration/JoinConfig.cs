using System.ComponentModel.DataAnnotations;

namespace PrintFarm.Coordinator.Configuration;

/// <summary><c>join</c>: what a person joining by invitation is shown and must accept, and how often one address may try.</summary>
public sealed class JoinConfig
{
    public const string DefaultTerms =
        "You print with your own printer and material, at your own risk, and bring the parts to your collection point. "
        + "Print only the files the farm sends you, keep parts clean, and report what you printed honestly. "
        + "The farm keeps your display name, your printers and what they printed; it is never shared outside the farm.";

    /// <summary>The terms, as plain text, shown before a person joins.</summary>
    [StringLength(20_000, MinimumLength = 1, ErrorMessage = "must be 1 to 20000 characters")]
    public string Terms { get; set; } = DefaultTerms;

    /// <summary>Where the full terms are, if anywhere (<c>https://farm.example.org/terms</c>).</summary>
    public string? TermsUrl { get; set; }

    /// <summary>Joins (<c>POST /api/join</c>) taken per address per minute before 429.</summary>
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000")]
    public int JoinsPerMinute { get; set; } = 10;

    /// <summary>Code checks (<c>GET /api/join/{code}</c>) taken per address per minute before 429.</summary>
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000")]
    public int ChecksPerMinute { get; set; } = 30;
}
