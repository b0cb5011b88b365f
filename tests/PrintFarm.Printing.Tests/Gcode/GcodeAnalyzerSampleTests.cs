using PrintFarm.Printing.Gcode;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Printing.Tests.Gcode;

/// <summary>
/// The sample files against the values PrusaSlicer wrote in their footers (see
/// samples/designs/README.md). A re-slice is not byte-identical, so only footers and statistics are
/// compared, never checksums.
/// </summary>
public class GcodeAnalyzerSampleTests
{
    [TestCase("aon3d-face-shield-frame/mk3s_pla.gcode.gz", 77_324, 2_095_859, 16, "1:57:28", 8.55, 25.51)]
    [TestCase("aon3d-face-shield-frame/ender3_pla.gcode.gz", 56_531, 1_516_559, 16, "2:25:57", 8.51, 25.39)]
    [TestCase("aon3d-face-shield-frame/voron24_petg.gcode.gz", 76_610, 2_130_550, 16, "1:22:16", 9.37, 28.63)]
    [TestCase("ear-saver/mk3s_pla.gcode", 25_677, 679_440, 8, "0:25:16", 1.47, 4.39)]
    [TestCase("ear-saver/ender3_pla.gcode", 30_900, 843_828, 8, "0:31:53", 1.46, 4.36)]
    [TestCase("ear-saver/voron24_petg.gcode", 29_596, 814_666, 8, "0:17:45", 1.49, 4.55)]
    [TestCase("touchless-door-tool/mk3s_pla.gcode.gz", 232_979, 5_658_254, 449, "2:49:43", 6.33, 18.87)]
    [TestCase("touchless-door-tool/ender3_pla.gcode.gz", 207_517, 5_057_469, 449, "3:21:51", 6.40, 19.09)]
    [TestCase("touchless-door-tool/voron24_petg.gcode.gz", 214_264, 5_278_407, 449, "1:36:26", 6.51, 19.89)]
    public void Analyze_SampleFile_MatchesTheSlicerFooter(string file, long lines, long bytes, int layers, string time, double filamentMetres, double filamentGrams)
    {
        var analysis = GcodeAnalyzer.Analyze(Sample(file));

        Assert.Multiple(() =>
        {
            Assert.That((analysis.Lines, analysis.Bytes, analysis.Layers), Is.EqualTo((lines, bytes, layers)));
            Assert.That(analysis.EstimatedTime, Is.EqualTo(TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(analysis.EstimatedTimeSource, Is.EqualTo(GcodeAnalysis.SlicerTimeSource));
            Assert.That(analysis.SlicerFilamentMm! / 1000, Is.EqualTo(filamentMetres).Within(0.005));
            Assert.That(analysis.SlicerFilamentGrams, Is.EqualTo(filamentGrams));
            Assert.That(analysis.Slicer, Is.EqualTo(new SlicerInfo("PrusaSlicer", "2.5.0")));
            Assert.That(analysis.LongestCommandLength, Is.LessThanOrEqualTo(96));
        });
    }

    [TestCase("aon3d-face-shield-frame/mk3s_pla.gcode.gz")]
    [TestCase("ear-saver/ender3_pla.gcode")]
    [TestCase("ear-saver/voron24_petg.gcode")]
    [TestCase("touchless-door-tool/mk3s_pla.gcode.gz")]
    public void Analyze_SampleFile_ComputedFilamentAgreesWithTheSlicer(string file)
    {
        var analysis = GcodeAnalyzer.Analyze(Sample(file));

        // The slicer leaves out its start G-code's purge line (about 21.5 mm here); 2 % covers it.
        Assert.That(analysis.FilamentMm, Is.EqualTo(analysis.SlicerFilamentMm!.Value).Within(2).Percent);
    }

    [TestCase("ear-saver/mk3s_pla.gcode", "prusa_printer_check=MK3S|prusa_firmware_check=3.11.0|gcode_flavor=marlin|printer_model=MK3S", 215, 215, 60, 60)]
    [TestCase("ear-saver/ender3_pla.gcode", "gcode_flavor=marlin|printer_model=ENDER3", 150, 210, 60, 60)]
    [TestCase("ear-saver/voron24_petg.gcode", "gcode_flavor=marlin|printer_model=Voron_v2_350|klipper_macro=PRINT_END|klipper_macro=PRINT_START", 240, 245, 70, 70)]
    public void Analyze_SampleFile_ReportsFirmwareHintsAndTemperatures(string file, string hints, double toolFirst, double toolMax, double bedFirst, double bedMax)
    {
        var analysis = GcodeAnalyzer.Analyze(Sample(file));

        Assert.Multiple(() =>
        {
            Assert.That(string.Join('|', analysis.FlavourHints), Is.EqualTo(hints));
            Assert.That(analysis.ToolTemperature, Is.EqualTo(new TemperatureTargets(toolFirst, toolMax)));
            Assert.That(analysis.BedTemperature, Is.EqualTo(new TemperatureTargets(bedFirst, bedMax)));
        });
    }

    [Test]
    public void Analyze_EarSaverOnMk3s_ExtrusionBoxCoversThePartAndThePurgeLine()
    {
        var box = GcodeAnalyzer.Analyze(Sample("ear-saver/mk3s_pla.gcode")).BoundingBox!;

        Assert.Multiple(() =>
        {
            // The purge line runs along Y = -3 from X = 0; the part is centred on (125, 105).
            Assert.That((box.MinX, box.MinY, box.MinZ), Is.EqualTo((0.0, -3.0, 0.2)));
            Assert.That(box.MaxX, Is.EqualTo(225.0).Within(0.1));
            Assert.That(box.MaxZ, Is.EqualTo(1.6).Within(1e-9));
        });
    }

    [Test]
    public void Analyze_EarSaverOnMk3s_CountsCommandWords()
    {
        var analysis = GcodeAnalyzer.Analyze(Sample("ear-saver/mk3s_pla.gcode"));

        Assert.Multiple(() =>
        {
            Assert.That(analysis.CommandWords["G1"], Is.EqualTo(analysis.Moves));
            Assert.That(analysis.CommandWords["M862.3"], Is.EqualTo(1));
            Assert.That(analysis.CommandWords.ContainsKey("M500"), Is.False);
            Assert.That(analysis.CommandWords.Values.Sum(), Is.EqualTo(analysis.Commands));
        });
    }
}
