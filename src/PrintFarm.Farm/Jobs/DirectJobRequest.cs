namespace PrintFarm.Farm.Jobs;

/// <summary>
/// Staff ask for copies of a design outside any demand. Give a variant, or a design and let the farm choose the variant
/// that fits the target; aim the jobs at one printer, at one site, or at neither.
/// </summary>
public sealed record DirectJobRequest
{
    /// <summary>The design; the variant is chosen to fit the target. May be given with <see cref="VariantId"/> if it matches.</summary>
    public string? DesignId { get; init; }

    /// <summary>The variant to print, for example <c>ear-saver/mk3s-pla</c>.</summary>
    public string? VariantId { get; init; }

    /// <summary>Parts wanted; rounded up to whole plates of the variant.</summary>
    public required int Copies { get; init; }

    /// <summary>Only this printer may print the jobs. Not together with <see cref="TargetSite"/>.</summary>
    public string? TargetPrinterId { get; init; }

    /// <summary>Only printers of this site may print the jobs. Not together with <see cref="TargetPrinterId"/>.</summary>
    public string? TargetSite { get; init; }

    /// <summary>The collection node the parts go to; by default the target printer's node, or the node of the target site's printers.</summary>
    public string? Node { get; init; }

    /// <summary>Higher goes first.</summary>
    public int Priority { get; init; }
}
