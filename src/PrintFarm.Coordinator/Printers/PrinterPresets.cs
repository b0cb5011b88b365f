using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// Model presets for common printers (bed, nozzle, firmware profile, default material), read from
/// <c>printer-presets.json</c> beside this class (embedded in the assembly): data, not code. A maker's short form names
/// one, and <c>POST /api/printers</c> fills in what the form leaves out.
/// </summary>
public sealed class PrinterPresets
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<PrinterPresets> Default = new(Load);

    private PrinterPresets(IReadOnlyList<PrinterPreset> all) => All = all;

    public IReadOnlyList<PrinterPreset> All { get; }

    public static PrinterPresets Builtin => Default.Value;

    public PrinterPreset? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static PrinterPresets Load()
    {
        using var stream = typeof(PrinterPresets).Assembly.GetManifestResourceStream("printer-presets.json")
                           ?? throw new InvalidOperationException("printer-presets.json is not embedded in the coordinator");
        var file = JsonSerializer.Deserialize<PresetFile>(stream, FileJson) ?? new PresetFile();
        return new PrinterPresets(file.Presets);
    }

    private sealed class PresetFile
    {
        public List<PrinterPreset> Presets { get; set; } = [];
    }
}

/// <summary>One model's preset.</summary>
public sealed record PrinterPreset
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public double BedXMm { get; init; }

    public double BedYMm { get; init; }

    public double NozzleMm { get; init; } = 0.4;

    public IReadOnlyList<double> NozzlesMm { get; init; } = [];

    /// <summary>A firmware profile in <c>firmware-profiles/</c>.</summary>
    public required string Profile { get; init; }

    public required string Material { get; init; }

    public IReadOnlyList<string> Materials { get; init; } = [];

    /// <summary>The serial speed the agent's config starts with.</summary>
    public int Baud { get; init; } = 115200;

    /// <summary>The usual device name of its USB serial port, a placeholder until <c>ls /dev/serial/by-id/</c> or <c>agent setup</c> says better.</summary>
    [JsonPropertyName("port")]
    public string Port { get; init; } = "/dev/ttyUSB0";
}
