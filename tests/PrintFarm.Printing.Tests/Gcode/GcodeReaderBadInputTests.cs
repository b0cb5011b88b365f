using System.Text;
using PrintFarm.Printing.Gcode;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeReaderBadInputTests
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static IEnumerable<TestCaseData> BadContent()
    {
        yield return new TestCaseData(Ascii("G28\nG1 X1\nG1 X\0 2\n"), "job.gcode: line 3: NUL byte, this is not a text G-code file").SetName("NulByte");
        yield return new TestCaseData(s_png, "job.gcode: this is a PNG image, not a text G-code file").SetName("PngHeader");
        yield return new TestCaseData(Ascii("PK\u0003\u0004\u0014\0\0\0"), "job.gcode: this is a ZIP archive (3MF projects are ZIP archives), not a text G-code file").SetName("Zip");
        yield return new TestCaseData(Ascii("\u007FELF\u0002\u0001\u0001\0"), "job.gcode: this is an ELF executable, not a text G-code file").SetName("Elf");
        yield return new TestCaseData(BinaryStl(), "job.gcode: this is a binary STL mesh, not G-code; slice it first").SetName("BinaryStlStartingWithSolid");
        yield return new TestCaseData(Ascii("solid part\n  facet normal 0 0 1\n"), "job.gcode: this is an ASCII STL mesh, not G-code; slice it first").SetName("AsciiStl");
        yield return new TestCaseData(Ascii("GCDE\u0001\0\0\0"), "job.gcode: this is binary G-code (.bgcode), which is not supported; export plain G-code").SetName("BinaryGcode");
        yield return new TestCaseData(Ascii("G28\n\u001b[31mG1\n"), "job.gcode: line 2: control character 0x1B, this is not a text G-code file").SetName("EscapeCharacter");
        yield return new TestCaseData(Ascii("G28\nG1 X" + new string('1', GcodeReader.MaxLineLength) + "\n"), "job.gcode: line 2: line longer than 4096 bytes, too long to be a G-code command").SetName("LineTooLong");
        yield return new TestCaseData(Ascii("G28\n" + new string('A', 1_000_000)), "job.gcode: line 2: line longer than 4096 bytes, too long to be a G-code command").SetName("UnterminatedHugeLine");
    }

    [TestCaseSource(nameof(BadContent))]
    public void TryReadCommand_BadContent_ThrowsOneLineMessage(byte[] content, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReadAll(new MemoryStream(content)).Message, Is.EqualTo(expected), "plain");
            Assert.That(ReadAll(new MemoryStream(Gzip(content))).Message, Does.StartWith("job.gcode: "), "gzip");
        });
    }

    [Test]
    public void TryReadCommand_NulByteInGzip_NamesTheLine()
    {
        var error = ReadAll(new MemoryStream(Gzip(Ascii("G28\n\0\0\0\0"))));

        Assert.That((error.Message, error.Line), Is.EqualTo(("job.gcode: line 2: NUL byte, this is not a text G-code file", 2L)));
    }

    [Test]
    public void TryReadCommand_CorruptGzip_Throws()
    {
        byte[] content = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        Assert.That(ReadAll(new MemoryStream(content)).Message, Does.StartWith("job.gcode: line 1: corrupt gzip data"));
    }

    [TestCase(1)]
    [TestCase(8)]
    [TestCase(2000)]
    public void TryReadCommand_TruncatedGzip_Throws(int bytesCut)
    {
        var content = Ascii(string.Concat(Enumerable.Range(0, 5000).Select(i => $"G1 X{i} Y{i % 7} E.0{i % 9}\n")));
        var compressed = Gzip(content);

        var error = ReadAll(new PipeStream(compressed[..^bytesCut]));

        Assert.That(error.Message, Does.StartWith("job.gcode: truncated or corrupt gzip data: "));
    }

    [Test]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "printfarm-no-such-" + Guid.NewGuid().ToString("N"), "x.gcode");

        var error = Assert.Throws<GcodeFileException>(() => GcodeReader.Open(path));

        Assert.That((error!.Message, error.FileName, error.Line), Is.EqualTo(($"{path}: file not found", path, 0L)));
    }

    [Test]
    public void Open_Directory_ThrowsCannotOpen()
    {
        var error = Assert.Throws<GcodeFileException>(() => GcodeReader.Open(Path.GetTempPath()));

        Assert.That(error!.Message, Does.Contain("cannot open the file").And.Not.Contain('\n'));
    }

    private static byte[] BinaryStl()
    {
        var stl = new byte[84 + (2 * 50)];
        Encoding.ASCII.GetBytes("solid exported by a CAD tool").CopyTo(stl, 0);
        stl[80] = 2;
        stl[90] = 0x80;
        return stl;
    }

    private static GcodeFileException ReadAll(Stream stream)
    {
        return Assert.Throws<GcodeFileException>(() =>
        {
            using var reader = new GcodeReader(stream, "job.gcode");
            while (reader.TryReadCommand(out _, out _))
            {
            }
        })!;
    }
}
