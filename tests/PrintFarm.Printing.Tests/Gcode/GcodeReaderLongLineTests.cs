using PrintFarm.Printing.Gcode;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeReaderLongLineTests
{
    [TestCase(GcodeReader.MaxLineLength + 1)]
    [TestCase(3 * GcodeReader.MaxLineLength)]
    [TestCase(300_000)]
    public void TryReadLine_LongCommentLine_CutsTheCommentAndContinues(int commentLength)
    {
        var longLine = "M107 ; " + new string('x', commentLength);
        using var reader = new GcodeReader(new MemoryStream(Ascii($"G28\n{longLine}\nG1 X1\n")));

        Assert.That(ReadCommands(reader), Is.EqualTo("1:G28|2:M107|3:G1 X1"));
    }

    [Test]
    public void TryReadLine_LongCommentLine_ReturnsTheLineCutAtTheLimit()
    {
        using var reader = new GcodeReader(new MemoryStream(Ascii("M107 ;" + new string('x', 10_000) + "\r\n")));

        reader.TryReadLine(out var line, out var number);

        Assert.That((line.Length, number), Is.EqualTo((GcodeReader.MaxLineLength, 1L)));
    }

    [Test]
    public void TryReadLine_CommandOfExactlyTheMaximum_IsAcceptedWhole()
    {
        var command = "M117 " + new string('x', GcodeReader.MaxLineLength - 5);
        using var reader = new GcodeReader(new MemoryStream(Ascii(command + "\r\nG28\n")));

        Assert.That(ReadCommands(reader), Is.EqualTo($"1:{command}|2:G28"));
    }

    private static string ReadCommands(GcodeReader reader) => GcodeReaderTests.ReadCommands(reader);
}
