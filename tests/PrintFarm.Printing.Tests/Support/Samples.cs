using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>The sample designs copied next to the tests, and their commands as a host sends them.</summary>
internal static class Samples
{
    /// <summary>Ear saver for the Prusa MK3S: 25.7k lines of real PrusaSlicer output.</summary>
    public static string EarSaverMk3s => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "designs", "ear-saver", "mk3s_pla.gcode");

    /// <summary>Face shield frame for the Ender 3: 55k commands of real slicer output, gzipped.</summary>
    public static string FaceShieldEnder3 => Path.Combine(TestContext.CurrentContext.TestDirectory, "samples", "designs", "aon3d-face-shield-frame", "ender3_pla.gcode.gz");

    /// <summary>Commands the host adds on its own (handshake, autoreport, probes), left out when logs are compared with files.</summary>
    private static readonly HashSet<string> HostCommands = ["M110 N0", "M115", "M155 S2", "M105"];

    public static List<string> Commands(string path)
    {
        var commands = new List<string>();
        using var reader = GcodeReader.Open(path);
        while (reader.TryReadCommand(out var command, out _))
            commands.Add(Encoding.ASCII.GetString(command));
        return commands;
    }

    public static List<string> WithoutHostCommands(IEnumerable<string> commands) =>
        commands.Where(c => !HostCommands.Contains(c)).ToList();

    /// <summary>The first index where two command lists differ, or -1; for readable failures on 25k-line lists.</summary>
    public static string Diff(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var n = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < n; i++)
        {
            if (expected[i] != actual[i])
                return $"first difference at command {i}: expected \"{string.Join(" | ", expected.Skip(Math.Max(0, i - 2)).Take(5))}\", executed \"{string.Join(" | ", actual.Skip(Math.Max(0, i - 2)).Take(5))}\"";
        }
        return expected.Count == actual.Count ? "identical" : $"lengths differ: expected {expected.Count}, executed {actual.Count}";
    }
}
