using PrintFarm.Printing.Gcode;

namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// The three sample designs with a variant per printer class. A plate's print time is the slicer's estimate in the
/// sample G-code (its footer, read by the analyser) times the parts on the plate: face-shield frames are stacked four
/// high, ear savers printed ten to a plate, and the door tool's plate already holds one whole tool.
/// </summary>
internal static class DesignTable
{
    public static IReadOnlyList<SimDesign> Load(string samplesDirectory)
    {
        return
        [
            Design(samplesDirectory, "face-shield", "aon3d-face-shield-frame", "AON3D COVID-001 face shield frame", "MIT",
                "https://github.com/aon3d/covid-face-shield", "face-shield", partsPerPlate: 4, share: 0.55),
            Design(samplesDirectory, "ear-saver", "ear-saver", "Surgical mask ear saver strip", "CC BY-SA 4.0",
                "https://github.com/mgesteiro/FreeCAD-models", "ear-saver", partsPerPlate: 10, share: 0.37),
            Design(samplesDirectory, "touchless-door-tool", "touchless-door-tool", "Touchless door tool", "CC BY-SA 4.0",
                "https://github.com/phrxmd/touchlesstool", "door-tool", partsPerPlate: 1, share: 0.08),
        ];
    }

    private static SimDesign Design(string samples, string id, string folder, string name, string licence, string url, string category, int partsPerPlate, double share)
    {
        var variants = PrinterClass.All.Select(c =>
        {
            var file = Directory.GetFiles(Path.Combine(samples, folder), c.GcodeSuffix + ".gcode*").Single();
            var perPart = GcodeAnalyzer.Analyze(file).EstimatedTime
                ?? throw new InvalidOperationException($"{file} has no slicer estimate");
            var variantName = c.GcodeSuffix switch { "mk3s_pla" => "mk3s-pla", "ender3_pla" => "ender3-pla", _ => "voron-petg" };
            return new SimVariant(id, variantName, c, partsPerPlate, perPart * partsPerPlate, file);
        }).ToList();
        return new SimDesign(id, name, licence, url, category, share, variants);
    }
}
