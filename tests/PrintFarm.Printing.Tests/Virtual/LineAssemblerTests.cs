using System.Text;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class LineAssemblerTests
{
    private static List<string> Feed(string text)
    {
        var assembler = new LineAssembler();
        var lines = new List<string>();
        foreach (var b in Encoding.Latin1.GetBytes(text))
        {
            if (assembler.Push(b, out var line))
                lines.Add(line);
        }
        return lines;
    }

    [Test]
    public void Push_SplitsOnNewlineAndCarriageReturn_SkipsBlankLines()
    {
        Assert.That(Feed("M105\r\n\nG28\r"), Is.EqualTo(new[] { "M105", "G28" }));
    }

    [Test]
    public void Push_DropsCommentsBeforeChecks()
    {
        Assert.That(Feed("G1 X1 ; move\n; only a comment\n"), Is.EqualTo(new[] { "G1 X1 " }));
    }

    [Test]
    public void Push_LongLine_KeepsMaxCmdSizeMinusOne()
    {
        var line = "N1 G1 " + new string('X', 150) + "*12\n";
        var lines = Feed(line);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Has.Length.EqualTo(LineAssembler.MaxCommandSize - 1));
        Assert.That(lines[0], Does.Not.Contain("*"));
    }
}
