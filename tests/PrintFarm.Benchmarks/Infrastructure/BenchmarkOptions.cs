using System.Globalization;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary><c>--name value</c> pairs and <c>--flag</c>s after the suite name.</summary>
internal sealed class BenchmarkOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument \"{args[i]}\"");
            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[name] = hasValue ? args[++i] : "true";
        }
        return options;
    }

    public bool Smoke => Flag("smoke");

    public int Runs => Int("runs", Smoke ? 1 : 3);

    public string OutputDirectory => String("out", Path.Combine(RepositoryRoot(), "benchmark-results"));

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v != "false";

    public string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<double> Doubles(string name, IReadOnlyList<double> fallback) =>
        _values.TryGetValue(name, out var v)
            ? v.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToList()
            : fallback;

    /// <summary>The folder holding PrintFarm.sln, found upwards from the binary.</summary>
    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "PrintFarm.sln")))
                return d.FullName;
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The shared design data beside the repository, when it is there.</summary>
    public static string? SharedDesigns()
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "designs"));
        return Directory.Exists(path) ? path : null;
    }
}
