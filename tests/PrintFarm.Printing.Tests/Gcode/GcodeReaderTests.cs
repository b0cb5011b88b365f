using System.Text;
using PrintFarm.Printing.Gcode;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Printing.Tests.Gcode;

public class GcodeReaderTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "printfarm-reader-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase("G28\nG1 X1\n", "1:G28|2:G1 X1")]
    [TestCase("G28\r\nG1 X1\r\n", "1:G28|2:G1 X1")]
    [TestCase("G28\n\n\nG1 X1", "1:G28|4:G1 X1")]
    [TestCase("; header\n;LAYER_CHANGE\nG1 Z.2 ; lift\n   \n", "3:G1 Z.2")]
    [TestCase("\uFEFFG28\n", "1:G28")]
    [TestCase("  M104 S215\t;set temp\r\n", "1:M104 S215")]
    [TestCase("", "")]
    [TestCase("\n\n;only comments\n", "")]
    public void TryReadCommand_Table_ReturnsCommandsWithSourceLines(string content, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        Assert.Multiple(() =>
        {
            Assert.That(ReadCommands(new MemoryStream(bytes)), Is.EqualTo(expected), "plain");
            Assert.That(ReadCommands(new MemoryStream(Gzip(bytes))), Is.EqualTo(expected), "gzip");
            Assert.That(ReadCommands(new PipeStream(bytes)), Is.EqualTo(expected), "pipe");
        });
    }

    [TestCase("a\nb\n", 2)]
    [TestCase("a\nb", 2)]
    [TestCase("a\r\n\r\nb\r\n", 3)]
    [TestCase("\n", 1)]
    [TestCase("", 0)]
    public void TryReadLine_Table_CountsRawLines(string content, int expectedLines)
    {
        using var reader = new GcodeReader(new MemoryStream(Ascii(content)));
        var lines = 0;
        while (reader.TryReadLine(out _, out _))
            lines++;

        Assert.That(lines, Is.EqualTo(expectedLines));
    }

    [Test]
    public void TryReadCommand_ManyLinesAcrossBufferBoundaries_ReturnsEveryLine()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 50_000; i++)
            text.Append("G1 X").Append(i).Append(i % 3 == 0 ? " ; c\r\n" : "\n");
        using var reader = new GcodeReader(new PipeStream(Gzip(Ascii(text.ToString()))));

        long count = 0, lastLine = 0;
        var last = "";
        while (reader.TryReadCommand(out var command, out lastLine))
        {
            count++;
            last = Encoding.ASCII.GetString(command);
        }

        Assert.That((count, lastLine, last), Is.EqualTo((50_000L, 50_000L, "G1 X50000")));
    }

    [Test]
    public void TryReadCommand_ManyLines_AllocationDoesNotGrowWithTheFile()
    {
        var small = Lines(10_000);
        var large = Lines(100_000);
        ReadAll(small);

        var smallBytes = AllocatedBy(() => ReadAll(small));
        var largeBytes = AllocatedBy(() => ReadAll(large));

        Assert.That(largeBytes - smallBytes, Is.LessThan(1024));

        static byte[] Lines(int count) =>
            Ascii(string.Concat(Enumerable.Range(0, count).Select(i => $"G1 X{i} Y2.5 E.0123 ; comment\n")));

        static void ReadAll(byte[] content)
        {
            using var reader = new GcodeReader(new MemoryStream(content));
            while (reader.TryReadCommand(out _, out _))
            {
            }
        }

        static long AllocatedBy(Action action)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    [Test]
    public void Open_PlainAndGzipFiles_DetectsCompressionByContentNotName()
    {
        var content = Ascii("G28\nG1 X10 ; move\n");
        var gzipNamedPlain = Path.Combine(_folder, "a.gcode");
        var plainNamedGzip = Path.Combine(_folder, "b.gcode.gz");
        File.WriteAllBytes(gzipNamedPlain, Gzip(content));
        File.WriteAllBytes(plainNamedGzip, content);

        Assert.Multiple(() =>
        {
            Assert.That(ReadFile(gzipNamedPlain), Is.EqualTo("1:G28|2:G1 X10"));
            Assert.That(ReadFile(plainNamedGzip), Is.EqualTo("1:G28|2:G1 X10"));
        });
    }

    [Test]
    public void Counters_AtEndOfGzipFile_ReportCompressedAndUncompressedBytes()
    {
        var content = Ascii(string.Concat(Enumerable.Repeat("G1 X10 Y10 E1\n", 2000)));
        var compressed = Gzip(content);
        var path = Path.Combine(_folder, "c.gcode.gz");
        File.WriteAllBytes(path, compressed);
        using var reader = GcodeReader.Open(path);
        while (reader.TryReadCommand(out _, out _))
        {
        }

        Assert.That(
            (reader.IsCompressed, reader.SourceLength, reader.SourceBytesRead, reader.BytesRead, reader.LinesRead),
            Is.EqualTo((true, (long)compressed.Length, (long)compressed.Length, (long)content.Length, 2000L)));
    }

    [Test]
    public void Counters_AtEndOfPlainStream_MatchTheStreamLength()
    {
        var content = Ascii("G28\r\nG1 X10\r\n");
        using var reader = new GcodeReader(new MemoryStream(content));
        while (reader.TryReadCommand(out _, out _))
        {
        }

        Assert.That((reader.IsCompressed, reader.SourceLength, reader.SourceBytesRead, reader.BytesRead), Is.EqualTo((false, 13L, 13L, 13L)));
    }

    [Test]
    public void SourceLength_NonSeekableStream_IsMinusOne()
    {
        using var reader = new GcodeReader(new PipeStream(Ascii("G28\n")));

        Assert.That(reader.SourceLength, Is.EqualTo(-1));
    }

    private static string ReadCommands(Stream stream)
    {
        using var reader = new GcodeReader(stream);
        return ReadCommands(reader);
    }

    private static string ReadFile(string path)
    {
        using var reader = GcodeReader.Open(path);
        return ReadCommands(reader);
    }

    internal static string ReadCommands(GcodeReader reader)
    {
        var parts = new List<string>();
        while (reader.TryReadCommand(out var command, out var line))
            parts.Add($"{line}:{Encoding.ASCII.GetString(command)}");
        return string.Join('|', parts);
    }
}
