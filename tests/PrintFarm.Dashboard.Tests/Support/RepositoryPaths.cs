using System.Reflection;

namespace PrintFarm.Dashboard.Tests.Support;

/// <summary>Where the repository and the built daemon are, seen from the test assembly.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding PrintFarm.sln, found by walking up from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string SampleFarmConfig => Path.Combine(Root, "samples", "barcelona", "farm.json");

    /// <summary>
    /// The daemon's entry assembly: <c>PRINTFARM_DAEMON</c> when set, else
    /// <c>src/PrintFarm.Cli/bin/{configuration}/{framework}/printfarm.dll</c>, built by this project's
    /// reference in the same configuration as the tests.
    /// </summary>
    public static string DaemonAssembly
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("PRINTFARM_DAEMON");
            if (!string.IsNullOrWhiteSpace(overridden))
            {
                return Path.GetFullPath(overridden);
            }

            return Path.Combine(Root, "src", "PrintFarm.Cli", "bin", Metadata("BuildConfiguration"), Metadata("TargetFramework"), "printfarm.dll");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PrintFarm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No PrintFarm.sln above {AppContext.BaseDirectory}.");
    }

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata.");
}
