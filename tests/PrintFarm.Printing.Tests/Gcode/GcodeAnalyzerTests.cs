using PrintFarm.Printing.Gcode;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeAnalyzerTests
{
    [TestCase("M83\nG1 X10 E1 F600\nG1 E-0.8\nG1 E0.8\nG1 X20 E0.5\n", 1.5)]
    [TestCase("M82\nG1 X10 E1 F600\nG1 X20 E3\nG92 E0\nG1 X30 E2\n", 5.0)]
    [TestCase("M82\nG1 X10 E5 F600\nG1 E4.2\nG1 E5\nG1 X20 E6\n", 6.0)]
    [TestCase("G91\nG1 X10 E1 F600\nG1 X10 E1\n", 2.0)]
    [TestCase("M83\nG90\nG1 X10 E1 F600\nG1 X20 E1\n", 2.0)]
    [TestCase("M82\nG1 X10 E1 F600\nM83\nG1 X20 E1\n", 2.0)]
    [TestCase("G1 X10 Y10 F600\nG0 X20\n", 0.0)]
    public void Analyze_ExtrusionModes_SumsNetFilament(string gcode, double expectedMm)
    {
        Assert.That(Analyze(gcode).FilamentMm, Is.EqualTo(expectedMm).Within(1e-9));
    }

    [Test]
    public void Analyze_TravelAndExtrusion_SeparatesTheBoxes()
    {
        var analysis = Analyze("G28\nG1 Z0.2 F600\nG1 X10 Y20\nM83\nG1 X50 Y20 E2\nG1 X50 Y60 E2\nG0 X200 Y5 Z10\n");

        Assert.Multiple(() =>
        {
            Assert.That(analysis.BoundingBox, Is.EqualTo(new GcodeBounds(10, 20, 0.2, 50, 60, 0.2)));
            Assert.That(analysis.MoveBoundingBox, Is.EqualTo(new GcodeBounds(0, 0, 0.2, 200, 60, 10)));
        });
    }

    [Test]
    public void Analyze_ExtrusionAfterG92Shift_StartsTheBoxAtTheNewPosition()
    {
        var analysis = Analyze("G28\nM83\nG1 X10 Y10 F600\nG1 X20 E1\nG92 X-5\nG1 X0 E1\n");

        Assert.That(analysis.BoundingBox, Is.EqualTo(new GcodeBounds(-5, 10, 0, 20, 10, 0)));
    }

    [Test]
    public void Analyze_MovesBeforeAnyPositionIsKnown_AreLeftOutOfTheBoxes()
    {
        var analysis = Analyze("G1 Z5 F600\nG1 X10\nM83\nG1 X15 E1\nG1 Y10\nG1 X20 E1\n");

        Assert.That((analysis.BoundingBox, analysis.MoveBoundingBox), Is.EqualTo((new GcodeBounds(15, 10, 5, 20, 10, 5), new GcodeBounds(15, 10, 5, 20, 10, 5))));
    }

    [Test]
    public void Analyze_Inches_ScaleTheBox()
    {
        var analysis = Analyze("G28\nG20\nG1 X1 Y2 F600\nG21\nG1 Z3\n");

        Assert.That(analysis.MoveBoundingBox, Is.EqualTo(new GcodeBounds(25.4, 50.8, 0, 25.4, 50.8, 3)));
    }

    [Test]
    public void Analyze_NoExtrusion_HasNoExtrusionBox()
    {
        var analysis = Analyze("G28\nG1 X10 Y10 F600\n");

        Assert.That((analysis.BoundingBox, analysis.MoveBoundingBox), Is.EqualTo(((GcodeBounds?)null, new GcodeBounds(10, 10, 0, 10, 10, 0))));
    }

    [Test]
    public void Analyze_ClockwiseHalfCircleArc_CountsLengthAndBulge()
    {
        // From (0,0) to (20,0) around (10,0), clockwise: over the top, through (10,10).
        var analysis = Analyze("G28\nM83\nG2 X20 Y0 I10 J0 E1 F600\n");

        Assert.Multiple(() =>
        {
            Assert.That(analysis.BoundingBox, Is.EqualTo(new GcodeBounds(0, 0, 0, 20, 10, 0)));
            Assert.That(analysis.ComputedTime.TotalSeconds, Is.EqualTo(Math.Round(Math.PI * 10 / 10)));
        });
    }

    [TestCase("G28\nG3 X20 Y0 R10 F600\n", -10.0)]
    [TestCase("G28\nG2 X20 Y0 R10 F600\n", 10.0)]
    [TestCase("G28\nG2 X0 Y0 I10 J0 F600\n", 0.0)]
    public void Analyze_Arcs_BulgeOnTheRightSide(string gcode, double expectedFarY)
    {
        var box = Analyze(gcode).MoveBoundingBox!;
        var farY = expectedFarY < 0 ? box.MinY : box.MaxY;

        Assert.That(farY, Is.EqualTo(expectedFarY == 0 ? 10.0 : expectedFarY).Within(1e-9));
    }

    [TestCase(";LAYER_CHANGE\nG1 Z.2\n;LAYER_CHANGE\nG1 Z.4\n;LAYER_CHANGE\nG1 Z.6\n", 3)]
    [TestCase(";LAYER_COUNT:2\n;LAYER:0\nG1 Z.2\n;LAYER:1\nG1 Z.4\n", 2)]
    [TestCase("M83\nG1 Z.2 F600\nG1 X1 Y1\nG1 X10 E1\nG1 Z.6\nG1 Z.4\nG1 X20 E1\nG1 Z.8\nG1 X30 E1\n", 3)]
    [TestCase("M83\nG1 Z.2 F600\nG1 X1 Y1\nG1 X10 E1\nG1 Z.4\nG1 X20\nG1 Z.6\nG1 X30 E1\n", 2)]
    [TestCase("G1 X10 F600\n", 0)]
    public void Analyze_Layers_FromMarkersElseRisingExtrusionZ(string gcode, int expectedLayers)
    {
        Assert.That(Analyze(gcode).Layers, Is.EqualTo(expectedLayers));
    }

    [Test]
    public void Analyze_TemperatureCommands_ReportsFirstAndMaximumTargets()
    {
        var analysis = Analyze("M140 S60\nM104 S150\nM190 R65\nM109 S210\nM104 T0 S205\nM104 S0\nM140 S0\n");

        Assert.That(
            (analysis.ToolTemperature, analysis.BedTemperature),
            Is.EqualTo((new TemperatureTargets(150, 210), new TemperatureTargets(60, 65))));
    }

    [Test]
    public void Analyze_M109WithROnly_UsesR()
    {
        Assert.That(Analyze("M109 R215\n").ToolTemperature, Is.EqualTo(new TemperatureTargets(215, 215)));
    }

    [Test]
    public void Analyze_NoHeaters_ReportsNone()
    {
        Assert.That(Analyze("G28\n").ToolTemperature, Is.EqualTo(TemperatureTargets.None));
    }

    [TestCase("G1 X60 F600\n", 6)]
    [TestCase("G1 X60 F600\nG4 P500\nG4 S2\nG4 P500\n", 9)]
    [TestCase("G91\nG1 X30 F1800\nG1 Y40\n", 2)]
    [TestCase("M83\nG1 E10 F300\n", 2)]
    [TestCase("G20\nG1 X10 F60\n", 10)]
    [TestCase("G1 X10\n", 0)]
    public void Analyze_NoSlicerEstimate_ComputesTimeFromMoves(string gcode, int expectedSeconds)
    {
        var analysis = Analyze(gcode);

        Assert.That(
            (analysis.EstimatedTime, analysis.EstimatedTimeSource, analysis.ComputedTime),
            Is.EqualTo(((TimeSpan?)TimeSpan.FromSeconds(expectedSeconds), GcodeAnalysis.ComputedTimeSource, TimeSpan.FromSeconds(expectedSeconds))));
    }

    [Test]
    public void Analyze_SlicerEstimate_WinsOverComputedTime()
    {
        var analysis = Analyze("G1 X60 F600\n; estimated printing time (normal mode) = 1h 2m 3s\n; estimated printing time (silent mode) = 2h\n");

        Assert.That(
            (analysis.EstimatedTime, analysis.EstimatedTimeSource, analysis.ComputedTime),
            Is.EqualTo(((TimeSpan?)new TimeSpan(1, 2, 3), GcodeAnalysis.SlicerTimeSource, TimeSpan.FromSeconds(6))));
    }

    [Test]
    public void Analyze_EmptyFile_HasNoEstimate()
    {
        var analysis = Analyze("");

        Assert.That(
            (analysis.Lines, analysis.Commands, analysis.EstimatedTime, analysis.EstimatedTimeSource, analysis.LongestCommandLine),
            Is.EqualTo((0L, 0L, (TimeSpan?)null, (string?)null, 0L)));
    }

    [Test]
    public void Analyze_CuraHeader_ReadsSlicerTimeFilamentAndFlavour()
    {
        var analysis = Analyze(";FLAVOR:Marlin\n;TIME:6025\n;Filament used: 2.5m\n;Layer height: 0.2\n;Generated with Cura_SteamEngine 5.2.1\nM140 S60\n;LAYER:0\nG1 Z.2\n;LAYER:1\nG1 Z.4\n");

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Slicer, Is.EqualTo(new SlicerInfo("Cura", "5.2.1")));
            Assert.That(analysis.EstimatedTime, Is.EqualTo(TimeSpan.FromSeconds(6025)));
            Assert.That(analysis.SlicerFilamentMm, Is.EqualTo(2500.0));
            Assert.That(analysis.SlicerFilamentGrams, Is.Null);
            Assert.That(analysis.FlavourHints, Is.EqualTo(new[] { "cura_flavor=Marlin" }));
            Assert.That(analysis.Layers, Is.EqualTo(2));
        });
    }

    [Test]
    public void Analyze_PrusaStyleFile_ReadsFooterAndFirmwareHints()
    {
        var analysis = Analyze(
            "; generated by PrusaSlicer 2.5.0 on 2026-11-22 at 20:54:50 UTC\n" +
            "M862.3 P \"MK3S\" ; printer model check\nM115 U3.11.0 ; tell printer latest fw version\n" +
            "G1 X1 F600\n; filament used [mm] = 1471.26\n; filament used [g] = 4.39\n" +
            "; prusaslicer_config = begin\n; gcode_flavor = marlin2\n; printer_model = MK3S\n; prusaslicer_config = end\n");

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Slicer, Is.EqualTo(new SlicerInfo("PrusaSlicer", "2.5.0")));
            Assert.That((analysis.SlicerFilamentMm, analysis.SlicerFilamentGrams), Is.EqualTo(((double?)1471.26, (double?)4.39)));
            Assert.That(analysis.FlavourHints, Is.EqualTo(new[]
            {
                "prusa_printer_check=MK3S", "prusa_firmware_check=3.11.0", "gcode_flavor=marlin2", "printer_model=MK3S",
            }));
        });
    }

    [Test]
    public void Analyze_CommandWords_AreNormalisedAndCounted()
    {
        var analysis = Analyze("g1 x1\nG01 X2\nG1X3\nM862.3 P \"MK3S\"\nm862.3 P \"MK3S\"\nprint_start EXTRUDER=240\nT0\nM500\n;M501\n");

        Assert.Multiple(() =>
        {
            Assert.That(analysis.CommandWords, Is.EqualTo(new Dictionary<string, int>
            {
                ["G1"] = 3, ["M862.3"] = 2, ["PRINT_START"] = 1, ["T0"] = 1, ["M500"] = 1,
            }));
            Assert.That(analysis.FlavourHints, Does.Contain("klipper_macro=PRINT_START"));
        });
    }

    [Test]
    public void Analyze_Counts_LinesCommandsMovesAndLongestCommand()
    {
        var longest = "M117 " + new string('x', 100);
        var analysis = Analyze($"; header\n\nG28\nG1 X1 ; move\n{longest} ; message\nG0 Y2\nG2 X0 Y0 I1 J1\nG3 X0 Y0 I1 J1\nM400");

        Assert.That(
            (analysis.Lines, analysis.Bytes, analysis.Commands, analysis.Moves, analysis.LongestCommandLength, analysis.LongestCommandLine),
            Is.EqualTo((9L, 183L, 7L, 4L, 105, 5L)));
    }

    [Test]
    public void Analyze_ManyLines_AllocationDoesNotGrowWithTheFile()
    {
        var small = Lines(20_000);
        var large = Lines(200_000);
        Analyze(small);

        var smallBytes = AllocatedBy(() => Analyze(small));
        var largeBytes = AllocatedBy(() => Analyze(large));

        Assert.That(largeBytes - smallBytes, Is.LessThan(4096));

        static byte[] Lines(int count) =>
            Ascii(string.Concat(Enumerable.Range(0, count).Select(i => $"G1 X{i % 200}.5 Y{i % 37} E.0{i % 9} F1200 ; c\n")));
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static GcodeAnalysis Analyze(string gcode) => Analyze(Ascii(gcode));

    private static GcodeAnalysis Analyze(byte[] gcode) => GcodeAnalyzer.Analyze(new MemoryStream(gcode), "test.gcode");
}
