using System.Text.Json;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>Writes a suite's rows as JSON (with the machine) and prints them as a table.</summary>
internal static class Results
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Write(BenchmarkOptions options, string suite, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var path = Path.Combine(options.OutputDirectory, $"{suite}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = new { suite, machine = MachineInfo.Snapshot(), runs = options.Runs, rows };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
        PrintTable(rows);
        Console.WriteLine($"results: {path}");
        return path;
    }

    public static void PrintTable(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        if (rows.Count == 0)
            return;
        var columns = rows.SelectMany(r => r.Keys).Distinct().ToList();
        var cells = rows.Select(r => columns.Select(c => Format(r.GetValueOrDefault(c))).ToList()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Max(row => row[i].Length))).ToList();
        Console.WriteLine(string.Join(" | ", columns.Select((c, i) => c.PadRight(widths[i]))));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
            Console.WriteLine(string.Join(" | ", row.Select((v, i) => v.PadRight(widths[i]))));
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString(Math.Abs(d) >= 100 ? "0" : "0.###", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
