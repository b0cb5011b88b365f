using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PrintFarm.Printing.Profiles;

/// <summary>Loads firmware profiles strictly: unknown keys, bad values and bad patterns are errors.</summary>
public static class ProfileLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The folder holding the shipped profiles: next to the executable, or found upwards from it.</summary>
    public static string DefaultDirectory()
    {
        var dir = AppContext.BaseDirectory;
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "firmware-profiles");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
                return candidate;
        }
        throw new ProfileException($"no firmware-profiles folder found next to {dir} or above it");
    }

    public static IReadOnlyList<FirmwareProfile> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new ProfileException($"profile folder {directory} does not exist");
        var profiles = Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(LoadFile).ToList();
        if (profiles.Count == 0)
            throw new ProfileException($"profile folder {directory} holds no *.json profile");
        return profiles;
    }

    public static FirmwareProfile LoadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new ProfileException($"{path}: cannot read ({ex.Message})", ex);
        }
        var profile = Parse(json, Path.GetFileName(path));
        var expected = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(profile.Name, expected, StringComparison.Ordinal))
            throw new ProfileException($"{path}: name \"{profile.Name}\" must match the file name \"{expected}\"");
        return profile;
    }

    public static FirmwareProfile Parse(string json, string source)
    {
        FirmwareProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<FirmwareProfile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ProfileException($"{source}: {ex.Message}", ex);
        }
        if (profile is null)
            throw new ProfileException($"{source}: the file holds null, not a profile");
        Validate(profile, source);
        return profile;
    }

    private static void Validate(FirmwareProfile p, string source)
    {
        if (p.RxBufferBytes is < 16 or > 65536)
            throw new ProfileException($"{source}: rxBufferBytes must be 16..65536, not {p.RxBufferBytes}");
        if (p.CommandQueueSlots is < 1 or > 1024)
            throw new ProfileException($"{source}: commandQueueSlots must be 1..1024, not {p.CommandQueueSlots}");
        if (p.MaxCommandLength is < 16 or > 4096)
            throw new ProfileException($"{source}: maxCommandLength must be 16..4096, not {p.MaxCommandLength}");
        if (p.MaxResendsPerLine < 1)
            throw new ProfileException($"{source}: maxResendsPerLine must be at least 1");
        if (p.CommunicationTimeoutSeconds <= 0 || p.TemperatureIntervalSeconds <= 0)
            throw new ProfileException($"{source}: timeouts and intervals must be positive");
        if (p.Detect.Count == 0)
            throw new ProfileException($"{source}: detect needs at least one pattern");
        foreach (var pattern in p.Detect.Concat(p.FatalErrors).Concat(p.NonFatalErrors))
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new ProfileException($"{source}: bad pattern \"{pattern}\": {ex.Message}", ex);
            }
        }
    }
}
