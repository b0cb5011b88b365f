using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeWordsTests
{
    [TestCase("G1 X10 Y10", "G1", " X10 Y10")]
    [TestCase("G1X10Y10", "G1", "X10Y10")]
    [TestCase("M862.3 P \"MK3S\"", "M862.3", " P \"MK3S\"")]
    [TestCase("G28", "G28", "")]
    [TestCase("T0", "T0", "")]
    [TestCase("print_start EXTRUDER=240 BED=70", "print_start", " EXTRUDER=240 BED=70")]
    [TestCase("M117 Printing...", "M117", " Printing...")]
    [TestCase("G29.", "G29", ".")]
    public void SplitWord_Table_SplitsWordAndParameters(string command, string expectedWord, string expectedParameters)
    {
        var word = GcodeWords.SplitWord(Encoding.ASCII.GetBytes(command), out var parameters);

        Assert.That(
            (Encoding.ASCII.GetString(word), Encoding.ASCII.GetString(parameters)),
            Is.EqualTo((expectedWord, expectedParameters)));
    }

    [TestCase("G1", 'G', 1, GcodeWords.NoSubcode)]
    [TestCase("g01", 'G', 1, GcodeWords.NoSubcode)]
    [TestCase("M862.3", 'M', 862, 3)]
    [TestCase("T12", 'T', 12, GcodeWords.NoSubcode)]
    [TestCase("M104", 'M', 104, GcodeWords.NoSubcode)]
    public void TryParseNumbered_NumberedWords_ReturnsParts(string word, char letter, int code, int subcode)
    {
        var ok = GcodeWords.TryParseNumbered(Encoding.ASCII.GetBytes(word), out var l, out var c, out var s);

        Assert.That((ok, (char)l, c, s), Is.EqualTo((true, letter, code, subcode)));
    }

    [TestCase("PRINT_START")]
    [TestCase("G")]
    [TestCase("G1X")]
    [TestCase("M862.")]
    [TestCase("1G")]
    public void TryParseNumbered_OtherWords_ReturnsFalse(string word)
    {
        Assert.That(GcodeWords.TryParseNumbered(Encoding.ASCII.GetBytes(word), out _, out _, out _), Is.False);
    }

    [TestCase("g01", "G1")]
    [TestCase("M862.3", "M862.3")]
    [TestCase("print_start", "PRINT_START")]
    [TestCase("t0", "T0")]
    public void Normalize_Table_ReturnsUpperCaseCanonicalWord(string word, string expected)
    {
        Assert.That(GcodeWords.Normalize(Encoding.ASCII.GetBytes(word)), Is.EqualTo(expected));
    }
}
