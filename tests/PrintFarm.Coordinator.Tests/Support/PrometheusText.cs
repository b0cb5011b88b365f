using System.Globalization;
using System.Text;

namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>One metric family of a scrape: its name, <c># TYPE</c>, <c># HELP</c> and samples.</summary>
public sealed record MetricFamily(string Name, string Type, string? Help, IReadOnlyList<MetricSample> Samples);

/// <summary>One sample line: the series name (a histogram's <c>_bucket</c> and so on included), its labels and value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? Timestamp);

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a <c># HELP</c>, a
/// <c># TYPE</c>, another comment, blank, or a sample that belongs to the family typed before it. Anything else (a bad
/// name, an unclosed label, a bad escape, a value that is not a float, a family typed twice or a sample before its
/// type) throws <see cref="FormatException"/> naming the line.
/// </summary>
public static class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyDictionary<string, MetricFamily> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var families = new Dictionary<string, (string Type, string? Help, List<MetricSample> Samples)>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: \"{line}\"";
            if (line.Length == 0)
                continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] == "HELP")
                {
                    RequireName(parts[2], where);
                    helps[parts[2]] = parts.Length == 4 ? parts[3] : "";
                }
                else if (parts.Length >= 3 && parts[0] == "#" && parts[1] == "TYPE")
                {
                    RequireName(parts[2], where);
                    if (parts.Length != 4 || !Types.Contains(parts[3]))
                        throw new FormatException($"{where}: not a known type");
                    if (families.ContainsKey(parts[2]))
                        throw new FormatException($"{where}: {parts[2]} is typed twice");
                    families[parts[2]] = (parts[3], null, []);
                }
                continue;
            }
            var sample = ParseSample(line, where);
            var family = FamilyOf(sample.Name, families) ?? throw new FormatException($"{where}: a sample of no typed family");
            families[family].Samples.Add(sample);
        }
        return families.ToDictionary(p => p.Key, p => new MetricFamily(p.Key, p.Value.Type, helps.GetValueOrDefault(p.Key), p.Value.Samples), StringComparer.Ordinal);
    }

    /// <summary>The family a series belongs to: its own name, or a histogram's or summary's with the series' suffix.</summary>
    private static string? FamilyOf(string series, Dictionary<string, (string Type, string? Help, List<MetricSample> Samples)> families)
    {
        if (families.ContainsKey(series))
            return series;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(series[..^suffix.Length], out var f) && f.Type is "histogram" or "summary")
                return series[..^suffix.Length];
        }
        return null;
    }

    public static MetricSample ParseSample(string line, string where)
    {
        ArgumentNullException.ThrowIfNull(line);
        var i = 0;
        var name = ReadName(line, ref i, metric: true, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }
                var label = ReadName(line, ref i, metric: false, where);
                if (i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
                    throw new FormatException($"{where}: label {label} has no =\"value\"");
                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                        throw new FormatException($"{where}: label {label}'s value is not closed");
                    var c = line[i++];
                    if (c == '"')
                        break;
                    if (c == '\\')
                    {
                        if (i >= line.Length)
                            throw new FormatException($"{where}: an escape at the end");
                        value.Append(line[i++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"{where}: \\{other} is not an escape"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }
                if (!labels.TryAdd(label, value.ToString()))
                    throw new FormatException($"{where}: label {label} twice");
                if (i < line.Length && line[i] == ',')
                    i++;
                else if (i >= line.Length || line[i] != '}')
                    throw new FormatException($"{where}: labels not separated by commas or not closed");
            }
        }
        if (i >= line.Length || line[i] != ' ')
            throw new FormatException($"{where}: no space before the value");
        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2)
            throw new FormatException($"{where}: a value and at most a timestamp");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw new FormatException($"{where}: \"{rest[0]}\" is not a float"),
        };
        long? timestamp = null;
        if (rest.Length == 2)
        {
            if (!long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
                throw new FormatException($"{where}: \"{rest[1]}\" is not a timestamp");
            timestamp = ts;
        }
        return new MetricSample(name, labels, number, timestamp);
    }

    private static void RequireName(string name, string where)
    {
        var i = 0;
        if (ReadName(name, ref i, metric: true, where).Length != name.Length)
            throw new FormatException($"{where}: \"{name}\" is not a metric name");
    }

    /// <summary>A metric name <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, or a label name (no colons).</summary>
    private static string ReadName(string line, ref int i, bool metric, string where)
    {
        var start = i;
        while (i < line.Length && (char.IsAsciiLetter(line[i]) || line[i] == '_' || (metric && line[i] == ':') || (i > start && char.IsAsciiDigit(line[i]))))
            i++;
        if (i == start)
            throw new FormatException($"{where}: a name expected at column {start + 1}");
        return line[start..i];
    }
}
