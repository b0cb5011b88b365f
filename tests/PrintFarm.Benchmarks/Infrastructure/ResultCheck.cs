using System.Text.Json;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// <c>check DIR</c>: every suite's JSON in DIR is well-formed: a suite name, the machine it ran on, and a
/// non-empty list of result rows. CI runs each suite's smoke and then this; speed is never judged here.
/// </summary>
internal static class ResultCheck
{
    public static int Run(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json") : [];
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"check: no result files in {directory}");
            return 1;
        }
        var failures = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var problem = Problem(file);
            Console.WriteLine(problem is null ? $"ok      {Path.GetFileName(file)}" : $"BROKEN  {Path.GetFileName(file)}: {problem}");
            if (problem is not null)
                failures++;
        }
        return failures == 0 ? 0 : 1;
    }

    private static string? Problem(string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException ex)
        {
            return $"not JSON: {ex.Message}";
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return "not a JSON object";
            if (!root.TryGetProperty("suite", out var suite) || suite.ValueKind != JsonValueKind.String || suite.GetString()!.Length == 0)
                return "no suite name";
            if (!root.TryGetProperty("machine", out var machine) || machine.ValueKind != JsonValueKind.Object
                || !machine.TryGetProperty("cores", out var cores) || cores.ValueKind != JsonValueKind.Number || cores.GetInt32() < 1)
                return "no machine description with its cores";
            if (!root.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() == 0)
                return "no result rows";
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object || !row.EnumerateObject().Any())
                    return "a result row is empty";
                foreach (var field in row.EnumerateObject())
                {
                    if (field.Value.ValueKind == JsonValueKind.Number && !double.IsFinite(field.Value.GetDouble()))
                        return $"{field.Name} is not a finite number";
                }
            }
            return null;
        }
    }
}
