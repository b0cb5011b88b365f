using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeNumberTests
{
    [TestCase("10", 10.0, 2)]
    [TestCase("-12.5", -12.5, 5)]
    [TestCase(".36703", 0.36703, 6)]
    [TestCase("-.8", -0.8, 3)]
    [TestCase("+3", 3.0, 2)]
    [TestCase("215 ", 215.0, 3)]
    [TestCase("1E5", 1.0, 1)]
    [TestCase("0.0125", 0.0125, 6)]
    [TestCase("123.456Y7", 123.456, 7)]
    [TestCase("5.", 5.0, 2)]
    [TestCase("0.1234567890123456789", 0.1234567890123456789, 21)]
    [TestCase("12345678901234567890123", 12345678901234567890123.0, 23)]
    public void TryParse_Table_ParsesLeadingNumber(string text, double expected, int expectedConsumed)
    {
        var ok = GcodeNumber.TryParse(Encoding.ASCII.GetBytes(text), out var value, out var consumed);

        Assert.That((ok, consumed), Is.EqualTo((true, expectedConsumed)));
        Assert.That(value, Is.EqualTo(expected).Within(1e-12).Percent);
    }

    [TestCase("")]
    [TestCase("-")]
    [TestCase(".")]
    [TestCase("X10")]
    [TestCase(" 10")]
    public void TryParse_NoDigits_ReturnsFalse(string text)
    {
        var ok = GcodeNumber.TryParse(Encoding.ASCII.GetBytes(text), out _, out var consumed);

        Assert.That((ok, consumed), Is.EqualTo((false, 0)));
    }
}
