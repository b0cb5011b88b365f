using System.Text.RegularExpressions;

namespace PrintFarm.Coordinator.Tests.Printers;

/// <summary>
/// Every printer session the coordinator, the agent and the command line create logs through the host's logging with the printer's id in
/// scope; a session built without a logger would log to nowhere, and its resends, timeouts and faults
/// would be lost. This reads their source, so that a new place that creates a session is checked too.
/// </summary>
public partial class PrinterSessionLoggingTests
{
    [Test]
    public void NewPrinterSession_EveryPlaceInTheDaemon_PassesAPrinterLogger()
    {
        var sources = new[] { "PrintFarm.Coordinator", "PrintFarm.Agent", "PrintFarm.Cli" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var creations = new List<(string File, string Statement)>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in NewSession().Matches(text))
                creations.Add((Path.GetFileName(file), match.Value));
        }
        var files = creations.Select(c => c.File).ToList();
        Assert.That(files, Does.Contain("PrinterDriver.cs"), "serve's printer driver");
        Assert.That(files, Does.Contain("AgentPrinter.cs"), "the agent");
        Assert.That(files, Does.Contain("SendRunner.cs"));
        Assert.That(files, Does.Contain("DemoCommand.cs"));
        foreach (var (file, statement) in creations)
            Assert.That(statement, Does.Contain("PrinterLogging.ForPrinter("), $"{file}: a printer session that logs to nowhere: {statement}");
    }

    [GeneratedRegex(@"new PrinterSession\((?:[^;]|\n)*?\);", RegexOptions.Singleline)]
    private static partial Regex NewSession();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PrintFarm.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("PrintFarm.sln not found above the test directory");
    }
}
