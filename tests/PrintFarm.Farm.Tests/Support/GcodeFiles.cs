using System.Globalization;

namespace PrintFarm.Farm.Tests.Support;

/// <summary>Small G-code files written for a test: a square outline of a chosen size, plus any extra lines.</summary>
internal static class GcodeFiles
{
    public static string Square(string directory, double maxX, double maxY, params string[] extraLines)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"part-{Guid.NewGuid():N}.gcode");
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "; generated for a test", "G28", "M104 S210", "M140 S60", "G90", "M83", "G1 Z0.2 F3000", "G1 X5 Y5 F6000",
            $"G1 X{F(maxX)} Y5 E5 F1800", $"G1 X{F(maxX)} Y{F(maxY)} E5", $"G1 X5 Y{F(maxY)} E5", "G1 X5 Y5 E5",
        };
        lines.AddRange(extraLines);
        lines.Add("M84");
        File.WriteAllLines(path, lines);
        return path;
    }
}
