using PrintFarm.Coordinator.Uploads;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Tests.Uploads;

public sealed class FileNameTests
{
    [TestCase("shield.gcode")]
    [TestCase("Shield 0.2mm PLA_MK3S.gcode")]
    [TestCase("ear-saver.gcode.gz")]
    [TestCase("part.gco")]
    [TestCase("part.G")]
    public void Plain_gcode_names_pass(string name) => Assert.That(UploadReceiver.CheckFileName(name), Is.EqualTo(name));

    [TestCase("../x.gcode")]
    [TestCase("..\\x.gcode")]
    [TestCase("a/../../etc/passwd.gcode")]
    [TestCase("/etc/x.gcode")]
    [TestCase(".hidden.gcode")]
    [TestCase("x.stl")]
    [TestCase("x.gcode.exe")]
    [TestCase("")]
    public void Anything_else_is_refused(string name) =>
        Assert.Throws<FarmValidationException>(() => UploadReceiver.CheckFileName(name));
}
