using PrintFarm.Printing.Protocol;

namespace PrintFarm.Printing.Tests.Protocol;

public class TemperatureParserTests
{
    // line, tool0 actual, tool0 target, bed actual, bed target
    [TestCase("ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0", 210.0, 210.0, 60.0, 60.0)]
    [TestCase(" T:201.35 /210.00 B:59.80 /60.00 @:127 B@:0", 201.35, 210.0, 59.8, 60.0)]
    [TestCase("T:150.23 /210.00 B:60.00 /60.00 @:127 B@:0 W:?", 150.23, 210.0, 60.0, 60.0)]
    [TestCase("T:150.23 /210.00 B:60.00 /60.00 @:127 B@:0 W:3", 150.23, 210.0, 60.0, 60.0)]
    [TestCase("ok B:60.0 /60.0 T0:210.0 /210.0", 210.0, 210.0, 60.0, 60.0)]
    [TestCase("ok T:21.4 /0.0 @0 B:21.3 /0.0 @0", 21.4, 0.0, 21.3, 0.0)]
    [TestCase("T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 @:127 B@:0 P:35.2 A:30.1", 210.0, 210.0, 60.0, 60.0)]
    [TestCase("ok T:25.0 /0.0 B:24.9 /0.0", 25.0, 0.0, 24.9, 0.0)]
    public void TryParse_Dialects_ReadsToolAndBed(string line, double toolActual, double toolTarget, double bedActual, double bedTarget)
    {
        Assert.That(TemperatureParser.TryParse(line, out var report), Is.True);
        Assert.That(report.Tool0, Is.Not.Null);
        Assert.That(report.Tool0!.Value.Actual, Is.EqualTo(toolActual).Within(0.001));
        Assert.That(report.Tool0!.Value.Target, Is.EqualTo(toolTarget).Within(0.001));
        Assert.That(report.Bed!.Value.Actual, Is.EqualTo(bedActual).Within(0.001));
        Assert.That(report.Bed!.Value.Target, Is.EqualTo(bedTarget).Within(0.001));
    }

    [Test]
    public void TryParse_PrusaExtras_ReadsProbeAndAmbient()
    {
        Assert.That(TemperatureParser.TryParse("T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 @:127 B@:0 P:35.2 A:30.1", out var report), Is.True);
        Assert.That(report.Find("probe")!.Value.Actual, Is.EqualTo(35.2).Within(0.001));
        Assert.That(report.Find("ambient")!.Value.Actual, Is.EqualTo(30.1).Within(0.001));
        Assert.That(report.Find("ambient")!.Value.Target, Is.Null);
    }

    [Test]
    public void TryParse_TwoToolsAndChamber_ReadsEach()
    {
        Assert.That(TemperatureParser.TryParse("T:210.00 /210.00 B:60.00 /60.00 T0:210.00 /210.00 T1:25.00 /0.00 C:35.0 /40.0 @:127 B@:0 @0:127 @1:0", out var report), Is.True);
        Assert.That(report.Find("tool1")!.Value.Actual, Is.EqualTo(25.0));
        Assert.That(report.Find("chamber")!.Value.Target, Is.EqualTo(40.0));
        Assert.That(report.Readings.Count(r => r.Sensor == "tool0"), Is.EqualTo(1));
    }

    [TestCase("ok")]
    [TestCase("echo:busy: processing")]
    [TestCase("T:abc /def")]
    public void TryParse_NotATemperature_False(string line)
    {
        Assert.That(TemperatureParser.TryParse(line, out _), Is.False);
    }
}
