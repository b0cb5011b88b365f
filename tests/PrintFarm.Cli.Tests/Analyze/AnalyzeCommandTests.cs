using System.CommandLine;
using System.Text.Json;
using PrintFarm.Cli.Analyze;
using static PrintFarm.Printing.Tests.Gcode.GcodeTestData;

namespace PrintFarm.Cli.Tests.Analyze;

public class AnalyzeCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "printfarm-analyze-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Invoke_SampleFile_PrintsSummaryAndExitsZero()
    {
        var (exitCode, output, error) = await InvokeAsync("analyze", Sample("ear-saver/mk3s_pla.gcode"));

        Assert.Multiple(() =>
        {
            Assert.That((exitCode, error), Is.EqualTo((0, "")));
            Assert.That(output, Does.Contain("Slicer:           PrusaSlicer 2.5.0"));
            Assert.That(output, Does.Contain("Layers:           8\n"));
            Assert.That(output, Does.Contain("Estimated time:   25m 16s (slicer)"));
            Assert.That(output, Does.Contain("Size:             679,440 bytes, 25,677 lines"));
            Assert.That(output, Does.Contain("(slicer: 1.47 m, 4.39 g)"));
        });
    }

    [Test]
    public async Task Invoke_Json_PrintsOneCamelCaseObject()
    {
        var (exitCode, output, _) = await InvokeAsync("analyze", Sample("touchless-door-tool/voron24_petg.gcode.gz"), "--json");

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(root.GetProperty("lines").GetInt64(), Is.EqualTo(214_264));
            Assert.That(root.GetProperty("layers").GetInt32(), Is.EqualTo(449));
            Assert.That(root.GetProperty("estimatedSeconds").GetDouble(), Is.EqualTo((1 * 3600) + (36 * 60) + 26));
            Assert.That(root.GetProperty("estimatedTimeSource").GetString(), Is.EqualTo("slicer"));
            Assert.That(root.GetProperty("slicer").GetProperty("name").GetString(), Is.EqualTo("PrusaSlicer"));
            Assert.That(root.GetProperty("commandWords").GetProperty("PRINT_START").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("boundingBox").GetProperty("maxZ").GetDouble(), Is.EqualTo(89.8));
        });
    }

    [TestCase("missing")]
    [TestCase("nul")]
    [TestCase("png")]
    [TestCase("directory")]
    public async Task Invoke_BadFile_PrintsOneErrorLineAndExitsTwo(string kind)
    {
        var path = Path.Combine(_folder, "job.gcode");
        switch (kind)
        {
            case "nul": File.WriteAllBytes(path, Ascii("G28\nG1 X1\0\n")); break;
            case "png": File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]); break;
            case "directory": Directory.CreateDirectory(path); break;
        }

        var (exitCode, output, error) = await InvokeAsync("analyze", path, "--json");

        Assert.Multiple(() =>
        {
            Assert.That((exitCode, output), Is.EqualTo((AnalyzeCommand.BadFileExitCode, "")));
            Assert.That(error, Does.StartWith($"error: {path}: ").And.EndWith("\n"));
            Assert.That(error.TrimEnd('\n'), Does.Not.Contain('\n'));
        });
    }

    [Test]
    public async Task Invoke_NulByte_NamesTheLine()
    {
        var path = Path.Combine(_folder, "nul.gcode");
        File.WriteAllBytes(path, Ascii("G28\nG1 X1\0\n"));

        var (_, _, error) = await InvokeAsync("analyze", path);

        Assert.That(error, Is.EqualTo($"error: {path}: line 2: NUL byte, this is not a text G-code file\n"));
    }

    [Test]
    public async Task Invoke_NoFile_IsAUsageError()
    {
        var (exitCode, _, error) = await InvokeAsync("analyze");

        Assert.That((exitCode, error.Length > 0), Is.EqualTo((1, true)));
    }

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(AnalyzeCommand.Create());
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
