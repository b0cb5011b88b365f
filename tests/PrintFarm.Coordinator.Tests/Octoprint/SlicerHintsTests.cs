using PrintFarm.Coordinator.Octoprint;

namespace PrintFarm.Coordinator.Tests.Octoprint;

/// <summary>The slicer comments an upload is matched by, as PrusaSlicer 2.5 (the sample designs), OrcaSlicer and Cura write them.</summary>
public sealed class SlicerHintsTests
{
    [TestCase("; printer_model = MK3S", "MK3S", null, null, null, null)]
    [TestCase(";TARGET_MACHINE.NAME:Creality Ender-3", "Creality Ender-3", null, null, null, null)]
    [TestCase("; gcode_flavor = klipper", null, "klipper", null, null, null)]
    [TestCase(";FLAVOR:Marlin", null, "marlin", null, null, null)]
    [TestCase("; nozzle_diameter = 0.6,0.6", null, null, 0.6, null, null)]
    [TestCase(";EXTRUDER_TRAIN.0.NOZZLE.DIAMETER:0.4", null, null, 0.4, null, null)]
    [TestCase("; filament_type = PET;PLA", null, null, null, "PET", null)]
    [TestCase("; printing object ear-saver.stl id:0 copy 0", null, null, null, null, "ear-saver")]
    [TestCase(";MESH:touchlesstool-6mm-allparts.stl", null, null, null, null, "touchlesstool-6mm-allparts")]
    [TestCase(";MESH:NONMESH", null, null, null, null, null)]
    [TestCase("; printer_notes = PRINTER_VENDOR_PRUSA3D", null, null, null, null, null)]
    public void With_OneComment_ReadsItsHint(string line, string? model, string? flavor, double? nozzle, string? material, string? objectName) =>
        Assert.That(SlicerHints.None.With(line), Is.EqualTo(new SlicerHints(model, flavor, nozzle, material, objectName)));

    [TestCase("MK3S", "marlin", "prusa", 2)]
    [TestCase("MK3S", "marlin", "marlin", 0)]
    [TestCase("Voron_v2_350", "marlin", "klipper", 2)]
    [TestCase("ENDER3", "marlin", "marlin", 2)]
    [TestCase(null, "klipper", "klipper", 2)]
    [TestCase(null, "marlin", "marlin", 1)]
    [TestCase(null, null, "prusa", 0)]
    public void ProfileScore_ModelAndFlavor_NameTheFirmware(string? model, string? flavor, string profile, int score) =>
        Assert.That(new SlicerHints(model, flavor, null, null, null).ProfileScore(profile), Is.EqualTo(score));

    [TestCase("ear-saver/mk3s_pla.gcode", "MK3S", 0.4, "PLA", "ear-saver")]
    [TestCase("ear-saver/voron24_petg.gcode", "Voron_v2_350", 0.4, "PET", null)]
    [TestCase("touchless-door-tool/mk3s_pla.gcode.gz", "MK3S", 0.4, "PLA", "touchlesstool-6mm-allparts")]
    [TestCase("touchless-door-tool/ender3_pla.gcode.gz", "ENDER3", 0.4, "PLA", null)]
    [CancelAfter(30_000)]
    public void Read_TheSampleDesigns_FindsTheirPrinterAndFilament(string sample, string model, double nozzle, string material, string? objectName, CancellationToken cancellationToken)
    {
        var hints = SlicerHints.Read(Path.Combine(AppContext.BaseDirectory, "samples", "designs", sample), cancellationToken);
        Assert.That(hints, Is.EqualTo(new SlicerHints(model, "marlin", nozzle, material, objectName)));
    }

    [TestCase("PET", "PETG", true)]
    [TestCase("PLA", "pla", true)]
    [TestCase("PLA", "PETG", false)]
    public void MaterialFits_PetAndPetg_AreOneFamily(string fileMaterial, string printerMaterial, bool fits) =>
        Assert.That(new SlicerHints(null, null, null, fileMaterial, null).MaterialFits(printerMaterial), Is.EqualTo(fits));
}
