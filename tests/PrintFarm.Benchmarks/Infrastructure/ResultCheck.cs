using System.Text.Json;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// <c>check DIR</c>: every suite's JSON in DIR is well-formed: a suite name, the machine it ran on, and a
/// non-empty list of result rows. CI runs each suite's smoke and then this; speed is never judged here.
/// </summary>
internal static class ResultCheck
{
    public static int Run(string directory, string? only = null)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, only ?? "*.json") : [];
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
            return suite.GetString() == "fleet" ? FleetProblem(root, rows) : null;
        }
    }

    /// <summary>
    /// The fleet suite: each row names its fleet size, some agents connected and published, the coordinator's CPU and
    /// memory were read, and publish-to-API lag was measured. In a smoke every agent must connect. Whether a target was
    /// met is a measurement, not a failure.
    /// </summary>
    private static string? FleetProblem(JsonElement root, JsonElement rows)
    {
        var smoke = root.TryGetProperty("smoke", out var s) && s.ValueKind == JsonValueKind.True;
        foreach (var row in rows.EnumerateArray())
        {
            static double Number(JsonElement row, string name) =>
                row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

            var agents = Number(row, "agents");
            if (!(agents >= 1))
                return "a fleet row without its number of agents";
            if (!(Number(row, "connected") >= 1))
                return $"{agents} agents: none connected";
            if (smoke && Number(row, "connected") != agents)
                return $"{agents} agents: only {Number(row, "connected")} connected";
            if (!(Number(row, "states_per_s") > 0))
                return $"{agents} agents: no state was published";
            foreach (var name in new[] { "lag_p50_ms", "lag_p99_ms", "server_cpu_pct", "server_rss_mib", "bench_cpu_pct" })
            {
                if (!double.IsFinite(Number(row, name)))
                    return $"{agents} agents: {name} was not measured";
            }
            if (!(Number(row, "lag_samples") > 0))
                return $"{agents} agents: no publish was seen through the API";
        }
        return null;
    }
}
