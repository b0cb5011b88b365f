using PrintFarm.Printing.Gcode;
using PrintFarm.Printing.Profiles;

namespace PrintFarm.Farm.Designs;

/// <summary>Checks a variant's G-code against its profile and its stated bed: pure, no I/O.</summary>
public static class VariantValidator
{
    /// <summary>Every reason the variant is refused; empty when it is fine.</summary>
    /// <summary>
    /// Extrusion this far below 0 is allowed: some printers purge in front of the nominal bed (the Prusa MK3S
    /// draws its purge line at Y = -3, on the sheet's front margin, which its bed shape includes).
    /// </summary>
    public const double FrontMarginMm = 5;

    public static IReadOnlyList<string> Check(GcodeAnalysis analysis, FirmwareProfile profile, VariantSpec spec)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>(JobFileValidator.Check(analysis, profile));
        if (spec.PartsPerPlate < 1)
            problems.Add($"parts per plate must be at least 1, not {spec.PartsPerPlate}");
        if (spec.MinBedXMm <= 0 || spec.MinBedYMm <= 0)
            problems.Add("the minimum bed size must be positive");
        if (spec.NozzleMm <= 0)
            problems.Add("the nozzle diameter must be positive");
        var box = analysis.BoundingBox;
        if (box is null)
        {
            problems.Add("the file extrudes nothing, so it prints no part");
        }
        else if (box.MinX < -FrontMarginMm || box.MinY < -FrontMarginMm || box.MaxX > spec.MinBedXMm || box.MaxY > spec.MinBedYMm)
        {
            problems.Add($"the print spans X {box.MinX:0.#}..{box.MaxX:0.#} mm and Y {box.MinY:0.#}..{box.MaxY:0.#} mm, "
                         + $"which does not fit a {spec.MinBedXMm:0.#} x {spec.MinBedYMm:0.#} mm bed");
        }
        return problems;
    }
}
