using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Gcode;

public class SlicerDurationTests
{
    [TestCase("1d 2h 3m 4s", 93784)]
    [TestCase("25m 16s", 1516)]
    [TestCase("1 hours 2 minutes", 3720)]
    [TestCase("3 days, 4 hours", 3 * 86400 + 4 * 3600)]
    [TestCase(" 10 sec ", 10)]
    [TestCase("1.5h", 5400)]
    public void TryParse_Table_ReturnsDuration(string text, int expectedSeconds)
    {
        var ok = SlicerDuration.TryParse(Encoding.ASCII.GetBytes(text), out var duration);

        Assert.That((ok, duration), Is.EqualTo((true, TimeSpan.FromSeconds(expectedSeconds))));
    }

    [TestCase("")]
    [TestCase("1234")]
    [TestCase("h")]
    [TestCase("-1h")]
    public void TryParse_NotADuration_ReturnsFalse(string text)
    {
        Assert.That(SlicerDuration.TryParse(Encoding.ASCII.GetBytes(text), out _), Is.False);
    }
}
