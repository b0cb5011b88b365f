using System.Text.RegularExpressions;

namespace PrintFarm.Printing.Protocol;

/// <summary>What M115 told us: the raw reply, its <c>KEY:value</c> fields and the <c>Cap:</c> flags.</summary>
public sealed partial record FirmwareInfo(string Raw, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, bool> Capabilities)
{
    public string? Name => Fields.GetValueOrDefault("FIRMWARE_NAME");

    public bool Has(string capability) => Capabilities.GetValueOrDefault(capability);

    /// <summary>
    /// Parses the M115 lines: <c>FIRMWARE_NAME:Marlin 2.1.2 (...) SOURCE_CODE_URL:... PROTOCOL_VERSION:1.0</c>,
    /// RepRapFirmware's <c>FIRMWARE_NAME: RepRapFirmware ...</c>, Smoothieware's comma-separated list and
    /// Klipper's <c>ok FIRMWARE_NAME:Klipper ...</c>, then <c>Cap:NAME:0|1</c> lines.
    /// </summary>
    public static FirmwareInfo Parse(IEnumerable<string> lines)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var caps = new Dictionary<string, bool>(StringComparer.Ordinal);
        var raw = new List<string>();
        foreach (var line in lines)
        {
            raw.Add(line);
            var s = line.Trim();
            if (s.StartsWith("Cap:", StringComparison.Ordinal))
            {
                var parts = s.Split(':');
                if (parts.Length == 3)
                    caps[parts[1]] = parts[2].Trim() == "1";
                continue;
            }
            var matches = KeyPattern().Matches(s);
            for (var i = 0; i < matches.Count; i++)
            {
                var start = matches[i].Index + matches[i].Length;
                var end = i + 1 < matches.Count ? matches[i + 1].Index : s.Length;
                fields[matches[i].Groups[1].Value] = s[start..end].Trim().TrimEnd(',').Trim();
            }
        }
        return new FirmwareInfo(string.Join('\n', raw), fields, caps);
    }

    [GeneratedRegex(@"(?:^|[\s,])([A-Z][A-Z0-9_\-]*[A-Z0-9]):", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
