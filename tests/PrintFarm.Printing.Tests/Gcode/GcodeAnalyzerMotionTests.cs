using PrintFarm.Printing.Gcode;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeAnalyzerMotionTests
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

    private static GcodeAnalysis Analyze(string gcode) => GcodeAnalyzer.Analyze(new MemoryStream(Ascii(gcode)), "test.gcode");
}
