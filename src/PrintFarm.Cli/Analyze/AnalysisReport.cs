using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrintFarm.Printing.Gcode;

namespace PrintFarm.Cli.Analyze;

/// <summary>Writes a <see cref="GcodeAnalysis"/> as an aligned summary or as one JSON object.</summary>
internal static class AnalysisReport
{
    private const int LabelWidth = 17;
    private const int MaxWordsShown = 24;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteSummary(TextWriter output, string file, GcodeAnalysis a)
    {
        Line(output, "File", file);
        Line(output, "Slicer", a.Slicer?.ToString() ?? "unknown");
        Line(output, "Size", $"{N(a.Bytes)} bytes, {N(a.Lines)} lines, {N(a.Commands)} commands, {N(a.Moves)} moves");
        Line(output, "Layers", N(a.Layers));
        var estimate = a.EstimatedTime is { } t ? $"{Duration(t)} ({a.EstimatedTimeSource})" : "none";
        Line(output, "Estimated time", estimate);
        Line(output, "Computed time", $"{Duration(a.ComputedTime)} (distance over feed rate, no acceleration)");
        Line(output, "Filament", $"{F(a.FilamentMm / 1000, 2)} m net extruded" + SlicerFilament(a));
        Line(output, "Extrusion box", Box(a.BoundingBox));
        Line(output, "Move box", Box(a.MoveBoundingBox));
        Line(output, "Tool temperature", Temperatures(a.ToolTemperature));
        Line(output, "Bed temperature", Temperatures(a.BedTemperature));
        Line(output, "Flavour hints", a.FlavourHints.Count == 0 ? "none" : string.Join(", ", a.FlavourHints));
        Line(output, "Longest command", a.Commands == 0 ? "none" : $"{a.LongestCommandLength} bytes (line {a.LongestCommandLine})");
        var words = a.CommandWords.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", words.Take(MaxWordsShown).Select(w => $"{w.Key} {N(w.Value)}"));
        Line(output, "Command words", words.Count > MaxWordsShown ? $"{shown}, and {words.Count - MaxWordsShown} more" : shown);
    }

    public static void WriteJson(TextWriter output, string file, GcodeAnalysis analysis)
    {
        var body = JsonSerializer.SerializeToNode(analysis, s_json)!.AsObject();
        var root = new JsonObject { ["file"] = file };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            root[key] = value;
            if (key == "estimatedTime")
                root["estimatedSeconds"] = analysis.EstimatedTime?.TotalSeconds;
            else if (key == "computedTime")
                root["computedSeconds"] = analysis.ComputedTime.TotalSeconds;
        }
        output.WriteLine(root.ToJsonString(s_json));
    }

    /// <summary>Formats a duration the way slicers print it: <c>1d 2h 3m 4s</c>.</summary>
    internal static string Duration(TimeSpan time)
    {
        var parts = new List<string>();
        if (time.Days > 0) parts.Add($"{time.Days}d");
        if (time.Days > 0 || time.Hours > 0) parts.Add($"{time.Hours}h");
        if (time.TotalMinutes >= 1) parts.Add($"{time.Minutes}m");
        parts.Add($"{time.Seconds}s");
        return string.Join(' ', parts);
    }

    private static void Line(TextWriter output, string label, string value) =>
        output.WriteLine($"{(label + ":").PadRight(LabelWidth)} {value}");

    private static string SlicerFilament(GcodeAnalysis a)
    {
        var parts = new List<string>();
        if (a.SlicerFilamentMm is { } mm) parts.Add($"{F(mm / 1000, 2)} m");
        if (a.SlicerFilamentGrams is { } g) parts.Add($"{F(g, 2)} g");
        return parts.Count == 0 ? string.Empty : $" (slicer: {string.Join(", ", parts)})";
    }

    private static string Box(GcodeBounds? b) => b is null ? "none"
        : $"X {F(b.MinX, 2)} .. {F(b.MaxX, 2)}, Y {F(b.MinY, 2)} .. {F(b.MaxY, 2)}, Z {F(b.MinZ, 2)} .. {F(b.MaxZ, 2)} mm";

    private static string Temperatures(TemperatureTargets t) =>
        t.First is null ? "none" : $"first {F(t.First.Value, 0)} °C, max {F(t.Max!.Value, 0)} °C";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
