using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeCommentsTests
{
    [TestCase("G1 X10 Y10", "G1 X10 Y10")]
    [TestCase("G1 X10 ; move", "G1 X10")]
    [TestCase("  G28 W\t; home all without mesh bed level", "G28 W")]
    [TestCase("M104 S215;set temp", "M104 S215")]
    [TestCase("; only a comment", "")]
    [TestCase(";LAYER_CHANGE", "")]
    [TestCase("", "")]
    [TestCase("   \t ", "")]
    [TestCase("G1 X1\r", "G1 X1")]
    [TestCase("M117 a;b;c", "M117 a")]
    [TestCase("print_start EXTRUDER=240 BED=70", "print_start EXTRUDER=240 BED=70")]
    public void Strip_Table_ReturnsTrimmedCommand(string line, string expected)
    {
        var command = GcodeComments.Strip(Encoding.ASCII.GetBytes(line));

        Assert.That(Encoding.ASCII.GetString(command), Is.EqualTo(expected));
    }

    [TestCase("G1 X10 ; move", "G1 X10", "move")]
    [TestCase(";LAYER_CHANGE", "", "LAYER_CHANGE")]
    [TestCase("; estimated printing time (normal mode) = 25m 16s", "", "estimated printing time (normal mode) = 25m 16s")]
    [TestCase("; model printing time: 1h; total estimated time: 2h", "", "model printing time: 1h; total estimated time: 2h")]
    [TestCase("G92 E0", "G92 E0", "")]
    [TestCase("G1 E-.8 F2100 ;  ", "G1 E-.8 F2100", "")]
    public void Split_Table_SeparatesCommandAndComment(string line, string expectedCommand, string expectedComment)
    {
        GcodeComments.Split(Encoding.ASCII.GetBytes(line), out var command, out var comment);

        Assert.That(
            (Encoding.ASCII.GetString(command), Encoding.ASCII.GetString(comment)),
            Is.EqualTo((expectedCommand, expectedComment)));
    }
}
