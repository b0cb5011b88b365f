using System.Globalization;
using System.IO.Compression;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// What a slicer's comments say about the printer a file was made for: PrusaSlicer and OrcaSlicer write their config
/// (<c>; printer_model = MK3S</c>, <c>; nozzle_diameter = 0.4</c>, <c>; filament_type = PLA</c>, <c>; gcode_flavor = klipper</c>),
/// Cura its header (<c>;FLAVOR:Marlin</c>, <c>;TARGET_MACHINE.NAME:Creality Ender-3</c>,
/// <c>;EXTRUDER_TRAIN.0.NOZZLE.DIAMETER:0.4</c>) and the objects on the plate (<c>; printing object ear-saver.stl</c>,
/// <c>;MESH:ear-saver.stl</c>). Every field is null when the file does not say.
/// </summary>
public sealed record SlicerHints(string? PrinterModel, string? Flavor, double? NozzleMm, string? Material, string? ObjectName)
{
    public static readonly SlicerHints None = new(null, null, null, null, null);

    /// <summary>Reads the comment lines of a plain or gzipped file.</summary>
    public static SlicerHints Read(string path, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        var gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var hints = None;
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] == ';')
                hints = hints.With(line);
            if (++count % 100_000 == 0)
                cancellationToken.ThrowIfCancellationRequested();
        }
        return hints;
    }

    /// <summary>Takes one comment line; the first value of each kind wins, as slicers repeat some of them.</summary>
    public SlicerHints With(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.TrimStart(';', ' ').TrimEnd();
        if (Value(text, "printer_model = ") is { } model)
            return PrinterModel is null ? this with { PrinterModel = model } : this;
        if (Value(text, "TARGET_MACHINE.NAME:") is { } machine)
            return PrinterModel is null ? this with { PrinterModel = machine } : this;
        if ((Value(text, "gcode_flavor = ") ?? Value(text, "FLAVOR:")) is { } flavor)
            return Flavor is null ? this with { Flavor = flavor.ToLowerInvariant() } : this;
        if ((Value(text, "nozzle_diameter = ") ?? Value(text, "EXTRUDER_TRAIN.0.NOZZLE.DIAMETER:")) is { } nozzle)
            return NozzleMm is null && double.TryParse(First(nozzle), NumberStyles.Float, CultureInfo.InvariantCulture, out var mm) && mm > 0 ? this with { NozzleMm = mm } : this;
        if (Value(text, "filament_type = ") is { } material)
            return Material is null ? this with { Material = First(material).Trim('"').ToUpperInvariant() } : this;
        if ((Value(text, "printing object ") ?? Value(text, "MESH:")) is { } name)
            return ObjectName is null && name != "NONMESH" ? this with { ObjectName = ObjectStem(name) } : this;
        return this;
    }

    /// <summary>
    /// How well a firmware profile matches the file's printer model and flavour: 2 when they name it (an MK3S is a
    /// Prusa, a Klipper flavour or a Voron is Klipper), 1 when only a generic flavour agrees (Marlin), 0 otherwise.
    /// </summary>
    public int ProfileScore(string profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var model = PrinterModel?.ToUpperInvariant() ?? "";
        var named = Flavor switch
        {
            "klipper" => "klipper",
            "reprapfirmware" or "reprap" or "rrf" => "reprapfirmware",
            "smoothie" or "smoothieware" => "smoothieware",
            _ when model.StartsWith("MK", StringComparison.Ordinal) || model is "MINI" or "MINIIS" or "XL" || model.StartsWith("ORIGINAL PRUSA", StringComparison.Ordinal) => "prusa",
            _ when model.Contains("VORON", StringComparison.Ordinal) => "klipper",
            _ when model.Contains("ENDER", StringComparison.Ordinal) || model.Contains("CR-10", StringComparison.Ordinal) => "marlin",
            _ => null,
        };
        if (named is not null)
            return string.Equals(named, profile, StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        return Flavor is not null && Flavor.StartsWith("marlin", StringComparison.Ordinal) && profile.Equals("marlin", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }

    /// <summary>Whether a printer loaded with <paramref name="material"/> suits the file's filament (PET and PETG are one).</summary>
    public bool MaterialFits(string material)
    {
        ArgumentNullException.ThrowIfNull(material);
        return Material is null || Family(Material) == Family(material.ToUpperInvariant());
    }

    public bool NozzleFits(double nozzleMm) => NozzleMm is not { } mm || Math.Abs(mm - nozzleMm) < 0.001;

    private static string Family(string material) => material is "PET" or "PETG" ? "PETG" : material;

    private static string? Value(string text, string key)
    {
        if (!text.StartsWith(key, StringComparison.Ordinal))
            return null;
        var value = text[key.Length..].Trim();
        return value.Length > 0 ? value : null;
    }

    /// <summary>The first of a per-extruder list: <c>0.4,0.4</c> or <c>PLA;PLA</c>.</summary>
    private static string First(string list) => list.Split([',', ';'], 2)[0].Trim();

    /// <summary><c>ear-saver.stl id:0 copy 0</c> to <c>ear-saver</c>.</summary>
    private static string ObjectStem(string name)
    {
        var id = name.IndexOf(" id:", StringComparison.Ordinal);
        if (id > 0)
            name = name[..id];
        foreach (var ext in new[] { ".stl", ".3mf", ".obj", ".step" })
        {
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                return name[..^ext.Length];
        }
        return name;
    }
}
