using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeParameterReaderTests
{
    [TestCase(" X10 Y-2.5 E.3 F1200", "X=10 Y=-2.5 E=0.3 F=1200")]
    [TestCase("X10Y20Z.2", "X=10 Y=20 Z=0.2")]
    [TestCase(" W", "W")]
    [TestCase(" X Y E", "X Y E")]
    [TestCase(" x1 e-0.8", "X=1 E=-0.8")]
    [TestCase("", "")]
    public void Next_Table_ReadsEveryParameter(string parameters, string expected)
    {
        var reader = new GcodeParameterReader(Encoding.ASCII.GetBytes(parameters));
        var parts = new List<string>();
        while (reader.Next(out var letter, out var value, out var hasValue))
            parts.Add(hasValue ? $"{(char)letter}={value.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"{(char)letter}");

        Assert.That(string.Join(' ', parts), Is.EqualTo(expected));
    }

    [TestCase(" S215", 'S', true, 215.0)]
    [TestCase(" T1 S200", 'S', true, 200.0)]
    [TestCase(" R150", 'S', false, 0.0)]
    [TestCase(" P500", 'p', true, 500.0)]
    public void TryGet_Table_FindsNamedValue(string parameters, char letter, bool expectedFound, double expectedValue)
    {
        var found = GcodeParameterReader.TryGet(Encoding.ASCII.GetBytes(parameters), letter, out var value);

        Assert.That((found, value), Is.EqualTo((expectedFound, expectedValue)));
    }
}
