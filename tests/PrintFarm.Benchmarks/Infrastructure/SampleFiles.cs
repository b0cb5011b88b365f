using System.Text;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>Cuts a G-code file down to its first N commands (comments dropped) in a temporary file.</summary>
internal static class SampleFiles
{
    public static (string Path, List<string> Commands) FirstCommands(string source, int count)
    {
        var commands = new List<string>(Math.Min(count, 1 << 20));
        using (var reader = GcodeReader.Open(source))
        {
            while (commands.Count < count && reader.TryReadCommand(out var command, out _))
                commands.Add(Encoding.ASCII.GetString(command));
        }
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"printfarm-bench-{System.IO.Path.GetFileNameWithoutExtension(source)}-{commands.Count}.gcode");
        File.WriteAllLines(path, commands);
        return (path, commands);
    }
}
