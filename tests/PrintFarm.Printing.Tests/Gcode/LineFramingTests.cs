using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Gcode;

public class LineFramingTests
{
    [TestCase(0, "M110 N0", "N0 M110 N0*125")]
    [TestCase(1, "M105", "N1 M105*38")]
    [TestCase(10, "G1 X10 Y10", "N10 G1 X10 Y10*24")]
    public void Frame_KnownLines_MatchMarlinChecksums(long n, string command, string expected)
    {
        Assert.That(LineFraming.Frame(n, command), Is.EqualTo(expected));
    }

    [TestCase("N10 G1 X10 Y10*24", true, 10, "G1 X10 Y10")]
    [TestCase("N10 G1 X10 Y10*25", false, 0, "")]
    [TestCase("G1 X10 Y10", false, 0, "")]
    [TestCase("N10 G1 X10 Y10", false, 0, "")]
    [TestCase("N1 M105*38", true, 1, "M105")]
    public void TryUnframe_Table(string line, bool ok, long n, string command)
    {
        var result = LineFraming.TryUnframe(Encoding.ASCII.GetBytes(line), out var number, out var cmd);
        Assert.That(result, Is.EqualTo(ok));
        if (ok)
        {
            Assert.That(number, Is.EqualTo(n));
            Assert.That(Encoding.ASCII.GetString(cmd), Is.EqualTo(command));
        }
    }
}
