using System.Globalization;
using PrintFarm.Farm.Printers;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// Printers that can print the same files: one firmware profile, bed, nozzle and material. The OctoPrint routes show one
/// printer profile per class (<c>prusa-250x210-0.4-pla</c>), not one per printer, so a farm of 2,500 printers lists a handful.
/// </summary>
internal sealed record PrinterClass(string Id, string Name, PrinterCapabilities Capabilities, int Count)
{
    public static PrinterClass For(PrinterCapabilities capabilities, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var c = capabilities;
        var id = string.Create(CultureInfo.InvariantCulture, $"{c.Profile}-{c.BedXMm:0.#}x{c.BedYMm:0.#}-{c.NozzleMm:0.0#}-{c.Material}").ToLowerInvariant();
        var name = string.Create(CultureInfo.InvariantCulture, $"{c.Profile}, {c.BedXMm:0.#} × {c.BedYMm:0.#} mm, {c.NozzleMm:0.0#} mm nozzle, {c.Material}");
        return new PrinterClass(id, name, c, count);
    }

    /// <summary>The classes of these printers, the most numerous first.</summary>
    public static IReadOnlyList<PrinterClass> Of(IEnumerable<Printer> printers) =>
        printers.GroupBy(p => For(p.Capabilities).Id, StringComparer.Ordinal)
            .Select(g => For(g.First().Capabilities, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
}
