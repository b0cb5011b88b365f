using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class GcodeWordsTests
{
    [TestCase("G1 X10", "G1")]
    [TestCase("G01 X10", "G1")]
    [TestCase("g28", "G28")]
    [TestCase("G1X10Y5", "G1")]
    [TestCase("M862.3 P \"MK3S\"", "M862.3")]
    [TestCase("M115 U3.13.2", "M115")]
    [TestCase("firmware_restart", "FIRMWARE_RESTART")]
    [TestCase("T0", "T0")]
    public void Code_NormalisesTheCommandWord(string command, string expected)
    {
        Assert.That(CommandText.Code(command), Is.EqualTo(expected));
    }

    [TestCase("G1 X10 Y-2.5 F3000", 'Y', true, -2.5)]
    [TestCase("G1X10Y5", 'Y', true, 5.0)]
    [TestCase("G1 X10", 'Y', false, 0.0)]
    [TestCase("M110 N41", 'N', true, 41.0)]
    [TestCase("G1 E.5", 'E', true, 0.5)]
    public void TryGet_ReadsParameters(string command, char letter, bool found, double value)
    {
        Assert.That(CommandText.TryGet(command, letter, out var actual), Is.EqualTo(found));
        Assert.That(actual, Is.EqualTo(value));
    }
}
