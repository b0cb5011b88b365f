using PrintFarm.Printing.Virtual;

namespace PrintFarm.Printing.Tests.Virtual;

public class LineValidatorTests
{
    [TestCase("N42 G1 X10 Y10*31", 41, "Accepted", "G1 X10 Y10", 42L)]
    [TestCase("N10 G1 X10 Y10*24", 9, "Accepted", "G1 X10 Y10", 10L)]
    [TestCase("N10 G1 X10 Y10*24", 41, "LineNumberMismatch", "", null)]
    [TestCase("N10 G1 X10 Y10*25", 9, "ChecksumMismatch", "", null)]
    [TestCase("N11 G1 X10 Y10*24", 41, "LineNumberMismatch", "", null)]
    [TestCase("N10 G1 X10 Y10", 9, "MissingChecksum", "", null)]
    [TestCase("G1 X10 Y10*24", 9, "MissingLineNumber", "", null)]
    [TestCase("G1 X10 Y10", 9, "Accepted", "G1 X10 Y10", null)]
    [TestCase("N0 M110 N0*125", 41, "Accepted", "M110 N0", 0L)]
    [TestCase("N-1 M110 N-1*125", 41, "Accepted", "M110 N-1", -1L)]
    [TestCase("N5 M110*38", 41, "Accepted", "M110", 5L)]
    [TestCase("N0 M110 N0*126", 41, "ChecksumMismatch", "", null)]
    [TestCase("  N1 M105*38", 0, "Accepted", "M105", 1L)]
    public void Check_Marlin_FollowsQueueCpp(string line, long last, string expected, string command, long? number)
    {
        var result = LineValidator.Check(line, last, MarlinDialects.Marlin);
        Assert.That(result.Result.ToString(), Is.EqualTo(expected));
        if (result.Result == LineCheck.Accepted)
        {
            Assert.That(result.Command, Is.EqualTo(command));
            Assert.That(result.LineNumber, Is.EqualTo(number));
        }
    }

    [TestCase(VirtualPrinterDialect.Klipper, "N10 G1 X10 Y10*99", 3, "Accepted")]
    [TestCase(VirtualPrinterDialect.Klipper, "G1 X10 Y10*99", 3, "Accepted")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "N10 G1 X10 Y10*24", 3, "Accepted")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "N10 G1 X10 Y10*25", 9, "ChecksumMismatch")]
    [TestCase(VirtualPrinterDialect.RepRapFirmware, "N10 G1 X10 Y10", 3, "Accepted")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "N10 G1 X10 Y10*24", 3, "LineNumberMismatch")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "N10 G1 X10 Y10", 9, "Accepted")]
    [TestCase(VirtualPrinterDialect.Smoothieware, "G1 X10 Y10*24", 9, "Accepted")]
    public void Check_OtherDialects_CheckOnlyWhatTheirFirmwareChecks(VirtualPrinterDialect dialect, string line, long last, string expected)
    {
        Assert.That(LineValidator.Check(line, last, DialectProfiles.For(dialect)).Result.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Check_Klipper_StripsLineNumberAndChecksum()
    {
        Assert.That(LineValidator.Check("N10 G1 X10 Y10*99", 3, OtherDialects.Klipper).Command, Is.EqualTo("G1 X10 Y10"));
    }

    [TestCase("*38", 1, 38L)]
    [TestCase("N-1 ", 1, -1L)]
    [TestCase("*", 1, 0L)]
    [TestCase("*3a", 1, 3L)]
    public void StrToL_BehavesLikeC(string text, int start, long expected)
    {
        Assert.That(LineValidator.StrToL(text, start), Is.EqualTo(expected));
    }
}
